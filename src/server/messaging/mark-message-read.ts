import { and, eq } from "drizzle-orm";
import { visibleMessagesWhere, type Actor, type UserRole } from "../access";
import { writeAudit, type RequestMeta } from "../audit/write-audit";
import type { Database } from "../db/client";
import { messageReads, messages } from "../db/schema";
import { notFound } from "../errors";
import { emitDomainEvent } from "../events/domain-events";
import { findAccessibleOrder } from "./find-accessible-order";

export interface MarkMessageReadInput {
  orderNumber: string;
  messageId: string;
}

export interface ReadReceipt {
  messageId: string;
  userId: string;
  role: UserRole;
  readAt: string;
}

/**
 * Records that the actor has read a message. Idempotent: a repeat keeps the first receipt (and
 * its time), writes no audit row and emits nothing. A message outside the order's thread, or an
 * internal note for a non-admin, is "not found" like an unknown id.
 */
export async function markMessageRead(
  db: Database,
  actor: Actor,
  input: MarkMessageReadInput,
  request: RequestMeta,
): Promise<ReadReceipt> {
  const result = await db.transaction(async (tx) => {
    const { order, thread } = await findAccessibleOrder(tx, actor, input.orderNumber);
    if (!thread) throw notFound("Message");
    const [message] = await tx
      .select({ id: messages.id })
      .from(messages)
      .where(and(eq(messages.id, input.messageId), eq(messages.threadId, thread.id), visibleMessagesWhere(actor)));
    if (!message) throw notFound("Message");

    const [created] = await tx
      .insert(messageReads)
      .values({ messageId: message.id, userId: actor.id, storeId: order.storeId, role: actor.role })
      .onConflictDoNothing({ target: [messageReads.messageId, messageReads.userId] })
      .returning();
    if (created) {
      await writeAudit(
        tx,
        { actor, action: "message.read", storeId: order.storeId, orderId: order.id, threadId: thread.id, messageId: message.id },
        request,
      );
      return { receipt: created, created: true, order, threadId: thread.id };
    }
    const [existing] = await tx
      .select()
      .from(messageReads)
      .where(and(eq(messageReads.messageId, message.id), eq(messageReads.userId, actor.id)));
    if (!existing) throw new Error("read receipt vanished after a conflicting insert");
    return { receipt: existing, created: false, order, threadId: thread.id };
  });

  const { receipt, order } = result;
  if (result.created) {
    emitDomainEvent("MESSAGE_READ", {
      messageId: receipt.messageId,
      threadId: result.threadId,
      orderNumber: order.orderNumber,
      storeId: order.storeId,
      userId: receipt.userId,
    });
  }
  return { messageId: receipt.messageId, userId: receipt.userId, role: receipt.role, readAt: receipt.readAt.toISOString() };
}
