import Link from "next/link";
import { InboundEventList } from "~/components/InboundEventList";
import { ZListInboundEventsInputSchema } from "~/server/api/routers/webhooks";
import { api } from "~/trpc/server";
import { requestedPath, surfaceActor } from "../../_lib/surface-gate";

type SearchParams = Promise<Record<string, string | string[] | undefined>>;

const first = (value: string | string[] | undefined) => (Array.isArray(value) ? value[0] : value) || undefined;

/** The inbound events log: every verified webhook call, newest first, `?status=&provider=&cursor=`. */
export default async function InboundEventsPage({ searchParams }: { searchParams: SearchParams }) {
  const actor = await surfaceActor("admin", await requestedPath("admin"));
  if (!actor) return null;
  const params = await searchParams;
  const parsed = ZListInboundEventsInputSchema.safeParse({ status: first(params.status), provider: first(params.provider), cursor: first(params.cursor) });
  const input = parsed.success ? parsed.data : {};
  const page = await api.webhooks.events(input);
  const next = new URLSearchParams({
    ...(input.status ? { status: input.status } : {}),
    ...(input.provider ? { provider: input.provider } : {}),
    ...(page.nextCursor ? { cursor: page.nextCursor } : {}),
  });
  return (
    <>
      <div className="mb-4 flex items-baseline justify-between">
        <h1 className="text-2xl font-semibold">Inbound events</h1>
        <Link href="/admin/webhooks/unmatched" className="text-sm underline">
          Unmatched queue
        </Link>
      </div>
      <nav aria-label="Filter by status" className="mb-4 flex flex-wrap gap-3 text-sm">
        {["all", "unmatched", "failed", "ignored", "matched", "duplicate"].map((status) => (
          <Link key={status} href={status === "all" ? "/admin/webhooks" : `/admin/webhooks?status=${status}`} className="underline">
            {status}
          </Link>
        ))}
      </nav>
      <InboundEventList events={page.events} />
      {page.nextCursor && (
        <Link href={`/admin/webhooks?${next.toString()}`} className="mt-4 inline-block text-sm underline">
          Older events
        </Link>
      )}
    </>
  );
}
