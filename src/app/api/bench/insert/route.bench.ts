// Bench-only (a `.bench.ts` route exists only in `npm run bench`'s build): the framework plus the
// one INSERT into messages the bare node:http ceiling does.
import { createFloorSql } from "../../../../../bench/floor-sql";

export const dynamic = "force-dynamic";

const globalForFloor = globalThis as unknown as { benchFloorSql?: ReturnType<typeof createFloorSql> };

export async function POST(request: Request) {
  const body = (await request.json()) as { content?: unknown };
  globalForFloor.benchFloorSql ??= createFloorSql(process.env.DATABASE_URL!);
  const row = await globalForFloor.benchFloorSql.insert(String(body.content ?? "floor"));
  return Response.json(row, { status: 201 });
}
