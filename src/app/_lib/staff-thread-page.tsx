import { TRPCError } from "@trpc/server";
import { LiveUpdates } from "~/components/live/LiveUpdates";
import { MessageAnchor } from "~/components/MessageAnchor";
import { OrderSidePanel } from "~/components/OrderSidePanel";
import { threadWindowInput } from "~/components/query-inputs";
import { ThreadActions } from "~/components/ThreadActions";
import { StatusBadge } from "~/components/StatusBadge";
import { ThreadView } from "~/components/ThreadView";
import { api, HydrateClient } from "~/trpc/server";
import { orNotFound } from "./or-not-found";
import { surfaceActor } from "./surface-gate";

/**
 * One thread with its order beside it, the thread pane of the admin inbox and the partner portal
 * (their layouts hold the list and the way back). Only admins get the internal-note control,
 * close/reopen and the customer's other orders; the procedures refuse them to anyone else.
 */
export async function StaffThreadPage({
  surface,
  threadId,
  searchHit,
}: {
  surface: "admin" | "partner";
  threadId: string;
  /** `?message=`: the search hit the thread opens at. */
  searchHit?: string;
}) {
  const path = surface === "admin" ? `/admin/inbox/${encodeURIComponent(threadId)}` : `/partner/threads/${encodeURIComponent(threadId)}`;
  const actor = await surfaceActor(surface, path);
  if (!actor) return null;
  const thread = await orNotFound(api.threads.get({ threadId }));
  const admin = surface === "admin";
  const { orderNumber } = thread;
  const { cursor: openingCursor } = await openingFor(orderNumber, searchHit);
  // Awaited, not streamed (see src/trpc/server.ts). The server caller is called with the input as
  // given, so the opening cursor goes in it as well as in initialCursor (which the client refetches with).
  const [otherOrders] = await Promise.all([
    admin ? api.threads.customerOrders({ threadId }) : null,
    api.messages.window.prefetchInfinite({ ...threadWindowInput(orderNumber), cursor: openingCursor }, { initialCursor: openingCursor }),
  ]);
  return (
    <HydrateClient>
      {/* Header, order, conversation on a phone; at 1280 px the order stands beside the other two. */}
      <div className="xl:grid xl:grid-cols-[minmax(0,1fr)_16rem] xl:items-start xl:gap-x-4">
        <div className="mb-4 flex flex-wrap items-center gap-3 xl:col-start-1">
          <h1 className="text-2xl font-semibold text-slate-900">Order {thread.orderNumber}</h1>
          <StatusBadge status={thread.status} />
          {admin && (
            <div className="ml-auto">
              <ThreadActions initial={thread} />
            </div>
          )}
        </div>
        <div className="mb-4 xl:col-start-2 xl:row-span-2 xl:row-start-1">
          <OrderSidePanel thread={thread} otherOrders={otherOrders} />
        </div>
        <div className="min-w-0 xl:col-start-1">
          <LiveUpdates page="staff-thread" threadId={thread.id} orderNumber={thread.orderNumber} internal={admin} />
          <ThreadView orderNumber={orderNumber} viewerId={actor.id} openingCursor={openingCursor} allowInternalNote={admin} searchHit={searchHit} />
          <MessageAnchor orderNumber={orderNumber} openingCursor={openingCursor} />
        </div>
      </div>
    </HydrateClient>
  );
}

/**
 * Opens at the search hit when the URL names one, else where the reader left off. A hit that is not
 * a message of this thread the reader may see (an edited or stale link) opens the thread as usual
 * rather than a not-found page: the thread itself is theirs to see.
 */
async function openingFor(orderNumber: string, searchHit: string | undefined) {
  if (searchHit) {
    try {
      return await api.messages.opening({ orderNumber, messageId: searchHit });
    } catch (error) {
      if (!(error instanceof TRPCError && (error.code === "NOT_FOUND" || error.code === "BAD_REQUEST"))) throw error;
    }
  }
  return api.messages.opening({ orderNumber });
}
