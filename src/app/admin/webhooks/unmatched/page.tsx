import Link from "next/link";
import { InboundEventList } from "~/components/InboundEventList";
import { api } from "~/trpc/server";
import { requestedPath, surfaceActor } from "../../../_lib/surface-gate";

type SearchParams = Promise<Record<string, string | string[] | undefined>>;

/** Inbound messages no rule could place: an admin assigns each to its order. */
export default async function UnmatchedQueuePage({ searchParams }: { searchParams: SearchParams }) {
  const actor = await surfaceActor("admin", await requestedPath("admin"));
  if (!actor) return null;
  const cursor = (await searchParams).cursor;
  const page = await api.webhooks.unmatched({ cursor: typeof cursor === "string" && cursor.length <= 200 ? cursor : undefined });
  return (
    <>
      <div className="mb-4 flex items-baseline justify-between">
        <h1 className="text-2xl font-semibold">Unmatched messages</h1>
        <Link href="/admin/webhooks" className="text-sm underline">
          All inbound events
        </Link>
      </div>
      <InboundEventList events={page.events} />
      {page.nextCursor && (
        <Link href={`/admin/webhooks/unmatched?cursor=${encodeURIComponent(page.nextCursor)}`} className="mt-4 inline-block text-sm underline">
          Older messages
        </Link>
      )}
    </>
  );
}
