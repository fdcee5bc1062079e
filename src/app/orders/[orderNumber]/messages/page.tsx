import Link from "next/link";
import { LiveUpdates } from "~/components/live/LiveUpdates";
import { threadWindowInput } from "~/components/query-inputs";
import { ThreadView } from "~/components/ThreadView";
import { api, HydrateClient } from "~/trpc/server";
import { orNotFound } from "../../../_lib/or-not-found";
import { surfaceActor } from "../../../_lib/surface-gate";
import { OrderFacts } from "./OrderFacts";

export default async function OrderMessagesPage({ params }: { params: Promise<{ orderNumber: string }> }) {
  const { orderNumber } = await params;
  const actor = await surfaceActor("customer", `/orders/${encodeURIComponent(orderNumber)}/messages`);
  if (!actor) return null;
  // Someone else's order and an unknown one both end here as 404.
  const [order, { cursor: openingCursor }] = await Promise.all([
    orNotFound(api.orders.get({ orderNumber })),
    orNotFound(api.messages.opening({ orderNumber })),
  ]);
  // Awaited, not streamed (see src/trpc/server.ts). The server caller is called with the input as
  // given, so the opening cursor goes in it as well as in initialCursor (which the client refetches with).
  await api.messages.window.prefetchInfinite({ ...threadWindowInput(orderNumber), cursor: openingCursor }, { initialCursor: openingCursor });
  return (
    <HydrateClient>
      <p className="mb-2 text-sm">
        <Link href="/orders" className="text-brand underline">
          ← All orders
        </Link>
      </p>
      <h1 className="mb-4 text-2xl font-semibold">Order {orderNumber}</h1>
      <div className="grid gap-6 lg:grid-cols-[16rem_minmax(0,1fr)] lg:items-start">
        <OrderFacts order={order} />
        <div className="min-w-0">
          <LiveUpdates page="customer-thread" userId={actor.id} orderNumber={orderNumber} />
          <ThreadView orderNumber={orderNumber} viewerId={actor.id} openingCursor={openingCursor} allowInternalNote={false} audience="customer" />
        </div>
      </div>
    </HydrateClient>
  );
}
