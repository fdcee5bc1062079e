import { LiveUpdates } from "~/components/live/LiveUpdates";
import { threadListInput } from "~/components/query-inputs";
import { ThreadList } from "~/components/ThreadList";
import { api, HydrateClient } from "~/trpc/server";
import { surfaceActor } from "../../_lib/surface-gate";

export default async function PartnerPage() {
  const actor = await surfaceActor("partner", "/partner");
  if (!actor) return null;
  // Awaited, not streamed (see src/trpc/server.ts).
  await api.threads.list.prefetchInfinite(threadListInput);
  return (
    <HydrateClient>
      <h1 className="mb-4 text-2xl font-semibold">Partner threads</h1>
      <LiveUpdates page="partner-list" storeId={actor.storeId} supplierId={actor.supplierId} />
      <ThreadList linkStyle="partner" label="Conversations you take part in" />
    </HydrateClient>
  );
}
