import { eq, sql } from "drizzle-orm";
import { canManageInboundEvents, type Actor } from "../access";
import { writeAudit, type RequestMeta } from "../audit/write-audit";
import type { Database } from "../db/client";
import { inboundEvents, users } from "../db/schema";
import { conflict, forbidden, notFound } from "../errors";
import { findAccessibleOrder } from "../messaging/find-accessible-order";
import { ZInboundMessage } from "./inbound-message";
import { toInboundEventView, type InboundEventView } from "./list-inbound-events";
import { samePhone } from "./phone-number";
import { emitAfterCommit, writeMessage } from "../messaging/send-message";

/**
 * An admin puts an unmatched inbound message into an order's thread: the message is written with
 * the time it was sent and the channel it came on, as the customer's when the sender is the
 * order's customer (else under the sender's name, with no account), and the event is linked to
 * it — all in one transaction, with the event locked so two admins cannot assign it twice.
 */
export async function assignInboundEvent(
  db: Database,
  actor: Actor,
  input: { eventId: string; orderNumber: string },
  request: RequestMeta,
): Promise<InboundEventView> {
  if (!canManageInboundEvents(actor)) throw forbidden("Admins only");
  const result = await db.transaction(async (tx) => {
    const [event] = await tx.select().from(inboundEvents).where(eq(inboundEvents.id, input.eventId)).for("update");
    if (!event) throw notFound("Inbound event");
    if (event.status !== "unmatched") throw conflict(`Only unmatched events can be assigned; this one is ${event.status}`);
    const message = ZInboundMessage.parse(event.parsed);
    const { order } = await findAccessibleOrder(tx, actor, input.orderNumber);
    const [customer] = order.customerId ? await tx.select({ email: users.email }).from(users).where(eq(users.id, order.customerId)) : [];
    const isCustomer =
      message.channel === "email"
        ? [order.customerEmail.toLowerCase(), customer?.email.toLowerCase()].includes(message.from)
        : order.customerPhone !== null && samePhone(order.customerPhone, message.from);
    const written = await writeMessage(
      tx,
      {
        kind: "inbound",
        customerId: isCustomer ? order.customerId : null,
        senderName: message.fromName?.trim() || message.from || "Unknown sender",
        channel: message.channel,
        providerMessageId: message.providerMessageId,
        sentAt: new Date(message.sentAt),
      },
      { orderNumber: order.orderNumber, content: message.text },
      request,
    );
    const [updated] = await tx
      .update(inboundEvents)
      .set({
        status: written.duplicate ? "duplicate" : "matched",
        orderId: order.id,
        storeId: order.storeId,
        messageId: written.message.id,
        matchReason: "assigned",
        error: null,
        processedAt: sql`now()`,
      })
      .where(eq(inboundEvents.id, event.id))
      .returning();
    await writeAudit(
      tx,
      { actor, action: "inbound.assigned", storeId: order.storeId, orderId: order.id, threadId: written.message.threadId, messageId: written.message.id, metadata: { eventId: event.id } },
      request,
    );
    return { event: updated!, orderNumber: order.orderNumber, threadId: written.message.threadId, afterCommit: written.afterCommit };
  });
  emitAfterCommit(result.afterCommit);
  return toInboundEventView({ ...result.event, orderNumber: result.orderNumber, threadId: result.threadId });
}
