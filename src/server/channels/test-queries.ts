import { and, asc, eq } from "drizzle-orm";
import type { Database } from "../db/client";
import { inboundEvents, messages, orders, threads } from "../db/schema";

/** Test-only: what ended up where. */
export async function messagesOfOrder(db: Database, orderNumber: string) {
  return db
    .select({
      id: messages.id,
      threadId: messages.threadId,
      content: messages.content,
      channel: messages.channel,
      senderRole: messages.senderRole,
      senderId: messages.senderId,
      senderName: messages.senderName,
      messageType: messages.messageType,
      providerMessageId: messages.providerMessageId,
      createdAt: messages.createdAt,
    })
    .from(messages)
    .innerJoin(threads, eq(threads.id, messages.threadId))
    .innerJoin(orders, eq(orders.id, threads.orderId))
    .where(eq(orders.orderNumber, orderNumber))
    .orderBy(asc(messages.createdAt));
}

export async function messagesWithProviderId(db: Database, providerMessageId: string) {
  return db.select().from(messages).where(eq(messages.providerMessageId, providerMessageId));
}

export async function eventsOf(db: Database, provider: (typeof inboundEvents.$inferSelect)["provider"], providerEventId?: string) {
  return db
    .select()
    .from(inboundEvents)
    .where(and(eq(inboundEvents.provider, provider), providerEventId ? eq(inboundEvents.providerEventId, providerEventId) : undefined))
    .orderBy(asc(inboundEvents.receivedAt));
}
