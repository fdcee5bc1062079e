import { orderListInput } from "~/components/query-inputs";
import { LiveUpdates } from "~/components/live/LiveUpdates";
import { OrderList } from "~/components/OrderList";
import { api, HydrateClient } from "~/trpc/server";
import { surfaceActor } from "../../_lib/surface-gate";

export default async function OrdersPage() {
  const actor = await surfaceActor("customer", "/orders");
  if (!actor) return null;
  // Awaited, not streamed (see src/trpc/server.ts).
  await api.orders.list.prefetchInfinite(orderListInput);
  return (
    <HydrateClient>
      <h1 className="mb-4 text-2xl font-semibold">Your orders</h1>
      <LiveUpdates page="customer-orders" userId={actor.id} />
      <OrderList />
    </HydrateClient>
  );
}
