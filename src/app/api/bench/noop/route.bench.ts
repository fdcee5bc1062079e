// Bench-only (a `.bench.ts` route exists only in `npm run bench`'s build): the framework's floor,
// no database.
export const dynamic = "force-dynamic";

export function POST() {
  return Response.json({ ok: true }, { status: 201 });
}
