import Link from "next/link";
import { LiveUpdates } from "~/components/live/LiveUpdates";
import { messageListInput } from "~/components/query-inputs";
import { ThreadView } from "~/components/ThreadView";
import { api, HydrateClient } from "~/trpc/server";
import { orNotFound } from "../../../_lib/or-not-found";
import { surfaceActor } from "../../../_lib/surface-gate";
import { OrderFacts } from "./OrderFacts";
import { findOwnOrder } from "./order-facts";

export default async function OrderMessagesPage({ params }: { params: Promise<{ orderNumber: string }> }) {
  const { orderNumber } = await params;
  const actor = await surfaceActor("customer", `/orders/${encodeURIComponent(orderNumber)}/messages`);
  if (!actor) return null;
  // Someone else's order and an unknown one both end here as 404.
  await orNotFound(api.messages.list({ orderNumber, limit: 1 }));
  // Awaited, not streamed (see src/trpc/server.ts).
  const [order] = await Promise.all([findOwnOrder(orderNumber), api.messages.list.prefetchInfinite(messageListInput(orderNumber))]);
  return (
    <HydrateClient>
      <p className="mb-2 text-sm">
        <Link href="/orders" className="text-brand underline">
          ← All orders
        </Link>
      </p>
      <h1 className="mb-4 text-2xl font-semibold">Order {orderNumber}</h1>
      <div className="grid gap-6 lg:grid-cols-[16rem_minmax(0,1fr)] lg:items-start">
        {order && <OrderFacts order={order} />}
        <div className="min-w-0">
          <LiveUpdates page="customer-thread" userId={actor.id} orderNumber={orderNumber} />
          <ThreadView orderNumber={orderNumber} viewerId={actor.id} allowInternalNote={false} audience="customer" />
        </div>
      </div>
    </HydrateClient>
  );
}
