import { and, eq, sql } from "drizzle-orm";
import { visibleMessagesWhere, type Actor } from "../access";
import { writeAudits, type RequestMeta } from "../audit/write-audit";
import type { Database } from "../db/client";
import { messageReads, messages } from "../db/schema";
import { notFound } from "../errors";
import { emitDomainEvent } from "../events/domain-events";
import { forgetReadSpan } from "../search/refresh-unread-threads";
import { findAccessibleOrder } from "./find-accessible-order";
import { unreadMessagesOf } from "./thread-activity-sql";

export interface MarkThreadReadInput {
  orderNumber: string;
  /** The newest message the reader has on screen: it and every earlier one are marked read. */
  upToMessageId: string;
}

/**
 * Records the actor's receipt for every message of the order's thread they may read, up to and
 * including `upToMessageId`, that they did not write and had not read — one statement however
 * long the thread. Messages that arrive after the one named stay unread: the reader has not seen
 * them. Each new receipt gets its audit row and its MESSAGE_READ event (after commit), as a
 * single markRead would; a repeat changes nothing. Returns how many receipts were new.
 */
export async function markThreadRead(
  db: Database,
  actor: Actor,
  input: MarkThreadReadInput,
  request: RequestMeta,
): Promise<{ marked: number }> {
  const result = await db.transaction(async (tx) => {
    const { order, thread } = await findAccessibleOrder(tx, actor, input.orderNumber);
    if (!thread) throw notFound("Message");
    const [upTo] = await tx
      .select({ id: messages.id, createdAt: messages.createdAt })
      .from(messages)
      .where(and(eq(messages.id, input.upToMessageId), eq(messages.threadId, thread.id), visibleMessagesWhere(actor)));
    if (!upTo) throw notFound("Message");

    const unreadUpTo = tx
      .select({
        messageId: messages.id,
        userId: sql`${actor.id}::uuid`.as("user_id"),
        storeId: sql`${order.storeId}`.as("store_id"),
        role: sql`${actor.role}::user_role`.as("role"),
        readAt: sql`now()`.as("read_at"),
      })
      .from(messages)
      .where(
        and(
          unreadMessagesOf(actor, sql`${thread.id}::uuid`),
          // The database's own created_at: a JS Date would drop its microseconds.
          sql`(${messages.createdAt}, ${messages.id}) <= ((SELECT created_at FROM messages WHERE id = ${upTo.id}), ${upTo.id}::uuid)`,
        ),
      );
    const created = await tx
      .insert(messageReads)
      .select(unreadUpTo)
      .onConflictDoNothing({ target: [messageReads.messageId, messageReads.userId] })
      .returning({ messageId: messageReads.messageId });

    await forgetReadSpan(tx, actor, thread.id, upTo.id);

    const ids = { storeId: order.storeId, orderId: order.id, threadId: thread.id };
    await writeAudits(
      tx,
      created.map(({ messageId }) => ({ actor, action: "message.read" as const, ...ids, messageId })),
      request,
    );
    return { created, order, threadId: thread.id };
  });

  for (const { messageId } of result.created) {
    emitDomainEvent("MESSAGE_READ", {
      messageId,
      threadId: result.threadId,
      orderNumber: result.order.orderNumber,
      storeId: result.order.storeId,
      userId: actor.id,
    });
  }
  return { marked: result.created.length };
}
