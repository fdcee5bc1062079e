// Bench-only (a `.bench.ts` route exists only in `npm run bench`'s build): the framework plus one
// SELECT of a 50-message page, the floor of a thread read.
import { createFloorSql } from "../../../../../bench/floor-sql";

export const dynamic = "force-dynamic";

const globalForFloor = globalThis as unknown as { benchFloorSql?: ReturnType<typeof createFloorSql> };

export async function GET() {
  globalForFloor.benchFloorSql ??= createFloorSql(process.env.DATABASE_URL!);
  return Response.json({ messages: await globalForFloor.benchFloorSql.select50() });
}
