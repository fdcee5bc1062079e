import { and, eq, sql } from "drizzle-orm";
import type { RequestMeta } from "../audit/write-audit";
import { writeAudit } from "../audit/write-audit";
import type { Database, DbOrTx, Transaction } from "../db/client";
import { messages, orders, threads } from "../db/schema";
import { notFound } from "../errors";
import { emitDomainEvent, type DomainEvents } from "../events/domain-events";
import { ensureThread } from "../messaging/ensure-thread";
import { messageViewColumns, toMessageView, type MessageView } from "../messaging/message-view";

/*
 * LEAD: SWAP AT MERGE. A thin stand-in for the send core's agreed interface
 * (`writeMessage` / `emitAfterCommit` of src/server/messaging/send-message.ts, branch send-core),
 * with exactly its call shape, for the two trusted authors channels use: "inbound" and "system".
 * At merge, import these names from "~/server/messaging/send-message" instead and delete this file.
 * It inserts directly, good enough for the channel tests: thread ensured, message idempotent by
 * (channel, provider_message_id), thread times moved, a customer reopening a closed thread, audit.
 */

export type MessageAuthor =
  | {
      kind: "inbound";
      customerId: string | null;
      senderName: string;
      channel: "email" | "whatsapp" | "sms";
      providerMessageId: string;
      sentAt?: Date;
    }
  | { kind: "system"; senderName?: string; providerMessageId?: string };

export interface SendMessageInput {
  orderNumber: string;
  content: string;
}

export type PendingDomainEvents = { name: "MESSAGE_CREATED"; payload: DomainEvents["MESSAGE_CREATED"] }[];

const SYSTEM_SENDER_NAME = "Orderline";

/** The thread view a trusted author gets back: no reader, so nothing is "read by me". */
const nobody = { id: "00000000-0000-0000-0000-000000000000", role: "admin", name: "", email: "", storeId: null, supplierId: null } as const;

export async function writeMessage(
  tx: DbOrTx,
  author: MessageAuthor,
  input: SendMessageInput,
  request: RequestMeta,
): Promise<{ message: MessageView; duplicate: boolean; afterCommit: PendingDomainEvents }> {
  const write = async (t: Transaction) => {
    const [order] = await t.select().from(orders).where(eq(orders.orderNumber, input.orderNumber)).limit(1);
    if (!order) throw notFound();
    const channel = author.kind === "inbound" ? author.channel : "in_app";
    const providerMessageId = author.providerMessageId ?? null;
    if (providerMessageId) {
      const [existing] = await t
        .select(messageViewColumns)
        .from(messages)
        .where(and(eq(messages.channel, channel), eq(messages.providerMessageId, providerMessageId)))
        .limit(1);
      if (existing) return { message: toMessageView(nobody, order.orderNumber, existing, { attachments: [], readBy: [] }), duplicate: true, afterCommit: [] };
    }
    const { thread, created } = await ensureThread(t, order);
    const createdAt = author.kind === "inbound" && author.sentAt ? author.sentAt : sql`clock_timestamp()`;
    const [message] = await t
      .insert(messages)
      .values({
        storeId: order.storeId,
        threadId: thread.id,
        senderRole: author.kind === "inbound" ? "customer" : "system",
        senderId: author.kind === "inbound" ? author.customerId : null,
        senderName: author.senderName ?? SYSTEM_SENDER_NAME,
        channel,
        messageType: author.kind === "inbound" ? "text" : "system_event",
        content: input.content,
        providerMessageId,
        createdAt,
      })
      .onConflictDoNothing()
      .returning(messageViewColumns);
    if (!message) {
      // A concurrent delivery of the same provider id won the insert: that one is the message.
      const [winner] = await t
        .select(messageViewColumns)
        .from(messages)
        .where(and(eq(messages.channel, channel), eq(messages.providerMessageId, providerMessageId ?? "")))
        .limit(1);
      if (!winner) throw new Error("message insert conflicted but no message holds its provider id");
      return { message: toMessageView(nobody, order.orderNumber, winner, { attachments: [], readBy: [] }), duplicate: true, afterCommit: [] };
    }
    const createdAtOfMessage = sql`(SELECT ${messages.createdAt} FROM ${messages} WHERE ${messages.id} = ${message.id})`;
    const reopens = author.kind === "inbound" && thread.status === "closed";
    await t
      .update(threads)
      .set({
        lastMessageAt: sql`greatest(${threads.lastMessageAt}, ${createdAtOfMessage})`,
        lastPublicMessageAt: sql`greatest(${threads.lastPublicMessageAt}, ${createdAtOfMessage})`,
        ...(reopens ? { status: "open" as const, closedAt: null, closedBy: null } : {}),
      })
      .where(eq(threads.id, thread.id));
    const ids = { storeId: order.storeId, orderId: order.id, threadId: thread.id };
    const auditActor = author.kind === "inbound" && author.customerId ? { id: author.customerId, role: "customer" as const } : null;
    if (created) await writeAudit(t, { actor: auditActor, action: "thread.created", ...ids }, request);
    await writeAudit(
      t,
      { actor: auditActor, action: "message.created", ...ids, messageId: message.id, metadata: { channel, providerMessageId, author: author.kind } },
      request,
    );
    const afterCommit: PendingDomainEvents = [
      {
        name: "MESSAGE_CREATED",
        payload: {
          messageId: message.id,
          threadId: thread.id,
          orderId: order.id,
          orderNumber: order.orderNumber,
          storeId: order.storeId,
          isInternal: false,
          channel,
          senderRole: message.senderRole,
          senderId: message.senderId,
          threadCreated: created,
        },
      },
    ];
    return { message: toMessageView(nobody, order.orderNumber, message, { attachments: [], readBy: [] }), duplicate: false, afterCommit };
  };
  // With the database, its own transaction; inside a caller's transaction (order events), a savepoint.
  return (tx as Database).transaction(write);
}

export function emitAfterCommit(events: PendingDomainEvents): void {
  for (const event of events) emitDomainEvent(event.name, event.payload);
}
