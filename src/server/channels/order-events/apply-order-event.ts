import { and, eq, isNull, lte, or } from "drizzle-orm";
import type { RequestMeta } from "../../audit/write-audit";
import type { Database, Transaction } from "../../db/client";
import { orders } from "../../db/schema";
import type { MessageView } from "../../messaging/message-view";
import type { OrderEvent } from "../inbound-message";
import { emitAfterCommit, writeMessage, type PendingDomainEvents } from "../../messaging/send-message";

export interface AppliedOrderEvent {
  message: MessageView;
  /** The same eventId was applied before: nothing written, the first message returned. */
  duplicate: boolean;
  /** Whether the order's status/tracking changed (false for an event older than the last applied one). */
  orderUpdated: boolean;
}

/**
 * An order-lifecycle event: a system_event message from "system" in the order's thread (created if
 * needed) and, in the SAME transaction, the order's status and tracking when `data` carries them,
 * so every surface shows the order as it is now. Idempotent by eventId (the message's provider id).
 * An event older than the last one applied still reads in the thread but never moves the order's
 * facts back. The webhook (POST /api/events/orders) and callers inside the app both use this.
 */
export async function applyOrderEvent(
  db: Database,
  event: OrderEvent,
  request: RequestMeta,
  options: { at?: Date } = {},
): Promise<AppliedOrderEvent> {
  const result = await db.transaction((tx) => writeOrderEvent(tx, event, request, options));
  emitAfterCommit(result.afterCommit);
  return { message: result.message, duplicate: result.duplicate, orderUpdated: result.orderUpdated };
}

/** applyOrderEvent inside the caller's transaction; the caller emits `afterCommit` after it commits. */
export async function writeOrderEvent(
  tx: Transaction,
  event: OrderEvent,
  request: RequestMeta,
  options: { at?: Date } = {},
): Promise<AppliedOrderEvent & { afterCommit: PendingDomainEvents }> {
  const at = event.occurredAt ? new Date(event.occurredAt) : (options.at ?? new Date());
  const written = await writeMessage(
    tx,
    { kind: "system", providerMessageId: event.eventId },
    { orderNumber: event.orderNumber, content: event.text },
    request,
  );
  if (written.duplicate) return { ...written, orderUpdated: false };
  const { status, trackingNumber, trackingUrl } = event.data ?? {};
  const facts = {
    ...(status ? { status } : {}),
    ...(trackingNumber ? { trackingNumber } : {}),
    ...(trackingUrl ? { trackingUrl } : {}),
  };
  if (Object.keys(facts).length === 0) return { ...written, orderUpdated: false };
  const updated = await tx
    .update(orders)
    .set({ ...facts, lastEventAt: at })
    .where(and(eq(orders.orderNumber, event.orderNumber), or(isNull(orders.lastEventAt), lte(orders.lastEventAt, at))))
    .returning({ id: orders.id });
  return { ...written, orderUpdated: updated.length > 0 };
}
