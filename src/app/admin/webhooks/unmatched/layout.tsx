import type { ReactNode } from "react";
import { UnmatchedQueue } from "~/components/channels/InboundEventLists";
import { InboxKeyboard } from "~/components/InboxKeyboard";
import { InboxPanes } from "~/components/InboxPanes";
import { unmatchedQueueInput } from "~/components/query-inputs";
import { api, HydrateClient } from "~/trpc/server";
import { requestedPath, surfaceActor } from "../../../_lib/surface-gate";

/** The unmatched queue in the inbox's frame: the waiting messages, and the open one with "Assign to order". */
export default async function UnmatchedQueueLayout({ children }: { children: ReactNode }) {
  const actor = await surfaceActor("admin", await requestedPath("admin"));
  if (!actor) return null;
  // Awaited, not streamed (see src/trpc/server.ts).
  await api.webhooks.unmatched.prefetchInfinite(unmatchedQueueInput);
  return (
    <HydrateClient>
      <InboxKeyboard item="inbound event" reply={false} note={false} close={false} search={false} />
      <InboxPanes home="/admin/webhooks/unmatched" homeLabel="Unmatched messages" title="Unmatched messages" list={<UnmatchedQueue />}>
        {children}
      </InboxPanes>
    </HydrateClient>
  );
}
