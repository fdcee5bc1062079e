import type { ReactNode } from "react";
import { DeliveryList } from "~/components/channels/DeliveryList";
import { deliveryFilters, deliveryListInput } from "~/components/channels/channel-view-filters";
import { InboxKeyboard } from "~/components/InboxKeyboard";
import { InboxPanes } from "~/components/InboxPanes";
import { ListFilters } from "~/components/ListFilters";
import { api, HydrateClient } from "~/trpc/server";
import { requestedPath, surfaceActor } from "../../_lib/surface-gate";

/** The outbox in the inbox's frame: filters, the deliveries, the open one (only the unfiltered list is prefetched). */
export default async function DeliveriesLayout({ children }: { children: ReactNode }) {
  const actor = await surfaceActor("admin", await requestedPath("admin"));
  if (!actor) return null;
  // Awaited, not streamed (see src/trpc/server.ts).
  await api.deliveries.list.prefetchInfinite(deliveryListInput(() => null));
  return (
    <HydrateClient>
      <InboxKeyboard item="delivery" reply={false} note={false} close={false} search={false} />
      <InboxPanes
        home="/admin/deliveries"
        homeLabel="Deliveries"
        title="Deliveries"
        filters={<ListFilters label="Filter deliveries" filters={deliveryFilters} />}
        list={<DeliveryList />}
      >
        {children}
      </InboxPanes>
    </HydrateClient>
  );
}
