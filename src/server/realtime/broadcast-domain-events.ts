import { eq, inArray, sql } from "drizzle-orm";
import type Pusher from "pusher";
import { threadHasPublicMessages } from "../access";
import type { DbOrTx } from "../db/client";
import { messages, orderFulfillments, orders, threads } from "../db/schema";
import { onDomainEvent, type DomainEvents, type MessageAudience } from "../events/domain-events";
import { channelNames, realtimeEvents, type RealtimePayload } from "./channel-names";

/** Who is on an order: handed over by a new message's event, else read once per broadcast. */
export interface ThreadAudience extends MessageAudience {
  threadId: string;
  storeId: string;
}

export interface Broadcast {
  channels: string[];
  event: string;
  payload: RealtimePayload;
}

/**
 * Where an event about a thread goes. Public events reach everyone who may read the thread (its
 * channel, the admin inbox, the store's resellers, the fulfilling suppliers, the customer's own
 * channel); anything only admins may see goes to the thread's internal channel and the admin
 * inbox, never to a channel a non-admin can join.
 */
export function routeThreadEvent(audience: ThreadAudience, event: string, payload: RealtimePayload, adminOnly: boolean): Broadcast {
  const { threadId } = audience;
  if (adminOnly || !audience.hasPublicMessages) {
    return { channels: [channelNames.threadInternal(threadId), channelNames.adminInbox()], event, payload };
  }
  return {
    channels: [
      channelNames.thread(threadId),
      channelNames.adminInbox(),
      channelNames.store(audience.storeId),
      ...audience.supplierIds.map(channelNames.supplier),
      ...(audience.customerId ? [channelNames.user(audience.customerId)] : []),
    ],
    event,
    payload,
  };
}

/** Counted for the logs and tests: a failed broadcast never fails the action that caused it. */
const globalForStats = globalThis as unknown as { orderlineBroadcastStats?: { sent: number; failed: number } };
export const broadcastStats = (globalForStats.orderlineBroadcastStats ??= { sent: 0, failed: 0 });

export interface BroadcastDeps {
  db: () => Promise<DbOrTx>;
  pusher: Pusher;
  log?: (message: string, error?: unknown) => void;
}

// Pusher accepts at most 100 channels per trigger, and 10 events (one channel each) per batch.
const MAX_CHANNELS_PER_TRIGGER = 100;
const MAX_EVENTS_PER_BATCH = 10;

async function loadAudience(db: DbOrTx, threadId: string): Promise<ThreadAudience | null> {
  const [row] = await db
    .select({
      storeId: orders.storeId,
      customerId: orders.customerId,
      hasPublicMessages: sql<boolean>`${threadHasPublicMessages("threads")}`,
      // By the fulfilments' primary key (store_id, order_id, …): on order_id alone it scanned them
      // all (20 ms a broadcast at 100 k orders, issue 13).
      supplierIds: sql<string[]>`coalesce((select array_agg(${orderFulfillments.supplierId}) from ${orderFulfillments} where ${orderFulfillments.storeId} = ${orders.storeId} and ${orderFulfillments.orderId} = ${orders.id}), '{}')`,
    })
    .from(threads)
    .innerJoin(orders, eq(orders.id, threads.orderId))
    .where(eq(threads.id, threadId))
    .limit(1);
  return row ? { threadId, ...row } : null;
}

/**
 * Subscribes to the domain events and triggers them on Pusher with the official SDK: a new
 * message to everyone on its thread, then the bells of those it notified (notify/ decided who,
 * inside the send). Returns the unsubscribe function. Read receipts arrive one event per message (a thread read marks many):
 * they are gathered per thread for one tick and sent as one `messages-read`.
 */
export function startRealtimeBroadcasts(deps: BroadcastDeps): () => void {
  const log = deps.log ?? ((message: string, error?: unknown) => console.error(message, error ?? ""));

  /** One call to Pusher, counted; a failure is logged once per broadcast it carried. */
  const call = async (request: () => Promise<unknown>, carried: { event: string; channels: number }[]) => {
    try {
      await request();
      broadcastStats.sent += 1;
    } catch (error) {
      broadcastStats.failed += 1;
      for (const { event, channels } of carried) {
        log(`realtime: broadcast ${event} to ${channels} channel(s) failed (${broadcastStats.failed} failed so far)`, error);
      }
    }
  };

  /**
   * Broadcasts in order, in one batch call when their (channel, event) pairs fit in one (a send's
   * message and bells: one HTTP call instead of two, issue 13), else a trigger per 100 channels. A
   * batch event per channel delivers what a trigger to those channels would, in the same order.
   */
  const send = async (...broadcasts: Broadcast[]) => {
    const nonEmpty = broadcasts.filter((b) => b.channels.length > 0);
    const events = nonEmpty.flatMap((b) => b.channels.map((channel) => ({ channel, name: b.event, data: b.payload })));
    if (nonEmpty.length > 1 && events.length <= MAX_EVENTS_PER_BATCH) {
      return call(() => deps.pusher.triggerBatch(events), nonEmpty.map((b) => ({ event: b.event, channels: b.channels.length })));
    }
    for (const broadcast of nonEmpty) {
      for (let i = 0; i < broadcast.channels.length; i += MAX_CHANNELS_PER_TRIGGER) {
        const channels = broadcast.channels.slice(i, i + MAX_CHANNELS_PER_TRIGGER);
        await call(() => deps.pusher.trigger(channels, broadcast.event, broadcast.payload), [{ event: broadcast.event, channels: channels.length }]);
      }
    }
  };

  const aboutThread = async (threadId: string, event: string, payload: RealtimePayload, adminOnly: boolean) => {
    const audience = await loadAudience(await deps.db(), threadId);
    if (audience) await send(routeThreadEvent(audience, event, payload, adminOnly));
  };

  const pendingReads = new Map<string, { event: DomainEvents["MESSAGE_READ"]; messageIds: string[] }>();
  let flushScheduled = false;
  const flushReads = async () => {
    flushScheduled = false;
    const batch = [...pendingReads.values()];
    pendingReads.clear();
    const db = await deps.db();
    const rows = await db
      .select({ id: messages.id, isInternal: messages.isInternal })
      .from(messages)
      .where(inArray(messages.id, batch.flatMap((b) => b.messageIds)));
    const internal = new Set(rows.filter((m) => m.isInternal).map((m) => m.id));
    for (const { event, messageIds } of batch) {
      const payload = { threadId: event.threadId, orderNumber: event.orderNumber };
      const publicRead = messageIds.some((id) => !internal.has(id));
      if (publicRead) await aboutThread(event.threadId, realtimeEvents.messagesRead, payload, false);
      // Receipts on internal notes show only on the admins' view of the thread.
      else await send({ channels: [channelNames.threadInternal(event.threadId)], event: realtimeEvents.messagesRead, payload });
    }
  };

  const unsubscribers = [
    onDomainEvent("MESSAGE_CREATED", async (event) => {
      const payload = { threadId: event.threadId, orderNumber: event.orderNumber, messageId: event.messageId };
      const audience = { threadId: event.threadId, storeId: event.storeId, ...event.audience };
      // The bells of those it notified after the message; best effort like every broadcast: the
      // notification rows are stored, and the bell also polls when offline.
      const bells = { channels: event.notifiedUserIds.map(channelNames.user), event: realtimeEvents.notification, payload };
      await send(routeThreadEvent(audience, realtimeEvents.messageCreated, payload, event.isInternal), bells);
    }),
    onDomainEvent("MESSAGE_READ", (event) => {
      const key = `${event.threadId}:${event.userId}`;
      const pending = pendingReads.get(key);
      if (pending) pending.messageIds.push(event.messageId);
      else pendingReads.set(key, { event, messageIds: [event.messageId] });
      if (!flushScheduled) {
        flushScheduled = true;
        setImmediate(() => void flushReads().catch((error: unknown) => log("realtime: read receipts not broadcast", error)));
      }
    }),
    onDomainEvent("THREAD_CLOSED", (event) =>
      aboutThread(event.threadId, realtimeEvents.threadClosed, { threadId: event.threadId, orderNumber: event.orderNumber }, false),
    ),
    onDomainEvent("THREAD_REOPENED", (event) =>
      aboutThread(event.threadId, realtimeEvents.threadReopened, { threadId: event.threadId, orderNumber: event.orderNumber }, false),
    ),
  ];
  return () => {
    for (const unsubscribe of unsubscribers) unsubscribe();
  };
}
