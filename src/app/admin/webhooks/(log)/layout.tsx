import type { ReactNode } from "react";
import { InboundEventLog } from "~/components/channels/InboundEventLists";
import { inboundEventFilters, inboundEventListInput } from "~/components/channels/channel-view-filters";
import { InboxKeyboard } from "~/components/InboxKeyboard";
import { InboxPanes } from "~/components/InboxPanes";
import { ListFilters } from "~/components/ListFilters";
import { api, HydrateClient } from "~/trpc/server";
import { requestedPath, surfaceActor } from "../../../_lib/surface-gate";

/**
 * The inbound events log in the inbox's frame: filters, the events, the open event. A layout is not
 * given the query string, so only the unfiltered log is prefetched; a filtered one loads in the browser.
 */
export default async function InboundEventsLayout({ children }: { children: ReactNode }) {
  const actor = await surfaceActor("admin", await requestedPath("admin"));
  if (!actor) return null;
  // Awaited, not streamed (see src/trpc/server.ts).
  await api.webhooks.events.prefetchInfinite(inboundEventListInput(() => null));
  return (
    <HydrateClient>
      <InboxKeyboard item="inbound event" reply={false} note={false} close={false} search={false} />
      <InboxPanes
        home="/admin/webhooks"
        homeLabel="Inbound events"
        title="Inbound events"
        filters={<ListFilters label="Filter inbound events" filters={inboundEventFilters} />}
        list={<InboundEventLog />}
      >
        {children}
      </InboxPanes>
    </HydrateClient>
  );
}
