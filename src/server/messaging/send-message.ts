import { eq, sql } from "drizzle-orm";
import { env } from "~/env";
import { canRecordOtherChannel, canWriteInternalNote, reopensClosedThread, type Actor } from "../access";
import { linkAttachmentsToMessage } from "../attachments/link-attachments";
import { writeAudit, type RequestMeta } from "../audit/write-audit";
import type { Database } from "../db/client";
import { messages, threads } from "../db/schema";
import { forbidden, invalid, rateLimited } from "../errors";
import { emitDomainEvent } from "../events/domain-events";
import { createRateLimiter } from "../rate-limit/rate-limiter";
import { findAccessibleOrder } from "./find-accessible-order";
import { ensureThread } from "./ensure-thread";
import { messageViewColumns, toAttachmentView, toMessageView, type MessageRow, type MessageView } from "./message-view";

export interface SendMessageInput {
  orderNumber: string;
  /** Stored exactly as sent; only the emptiness check trims. Length is capped by the input schema. */
  content: string;
  channel?: MessageRow["channel"];
  isInternal?: boolean;
  attachmentIds?: readonly string[];
}

/** Per user, shared by every app instance. */
const sendRateLimiter = createRateLimiter({
  name: "send",
  limit: env.SEND_RATE_LIMIT,
  windowMs: env.SEND_RATE_WINDOW_SECONDS * 1000,
});

/** Display name of messages the system writes about the thread itself. */
const SYSTEM_SENDER_NAME = "Orderline";

/**
 * Writes a message on an order's thread, creating the thread on the first message.
 *
 * Everything that must agree happens in one transaction: the thread, the message, its
 * attachments, the thread's last_message_at (and last_public_message_at unless it is an internal
 * note) and status, and the audit rows. Events go out only
 * after the commit, so a listener never sees a message that was rolled back.
 *
 * A message with attachments and blank content is an 'attachment' message (content still stored
 * as sent); any other message written by a person is 'text'.
 */
export async function sendMessage(
  db: Database,
  actor: Actor,
  input: SendMessageInput,
  request: RequestMeta,
): Promise<MessageView> {
  // Role checks come first: a refused internal note or channel stores nothing and costs no lookup.
  const isInternal = input.isInternal ?? false;
  if (isInternal && !canWriteInternalNote(actor)) throw forbidden("Only staff can write internal notes");
  const channel = input.channel ?? "in_app";
  if (channel !== "in_app" && !canRecordOtherChannel(actor)) throw forbidden("Only staff can record messages from other channels");

  const attachmentIds = input.attachmentIds ?? [];
  const blank = input.content.trim() === "";
  if (blank && attachmentIds.length === 0) throw invalid("A message needs content or an attachment");

  const limit = await sendRateLimiter.hit(db, actor.id);
  if (!limit.allowed) throw rateLimited(limit.retryAfterSeconds);

  const sent = await db.transaction(async (tx) => {
    const { order } = await findAccessibleOrder(tx, actor, input.orderNumber);
    const { thread, created: threadCreated } = await ensureThread(tx, order);
    // A thread that held internal notes only was never shown outside staff (see thread-view.ts), so
    // neither was its close: the first public message, from anyone, reopens it, and silently, since
    // a "reopened" line or a close older than the conversation would tell of staff's hidden work.
    // The audit row still records it.
    const unseenByNonStaff = thread.lastPublicMessageAt === null;
    const reopenReason = reopensClosedThread(actor) ? "customer_message" : !isInternal && unseenByNonStaff ? "first_public_message" : null;
    const reopens = thread.status === "closed" && reopenReason !== null;
    const announcesReopen = reopens && !unseenByNonStaff;

    // clock_timestamp(), not now(): two messages of one transaction (the reopen notice, then the
    // message) get distinct, ordered times instead of the transaction's single start time.
    const [reopenNotice] = announcesReopen
      ? await tx
          .insert(messages)
          .values({
            storeId: order.storeId,
            threadId: thread.id,
            senderRole: "system",
            senderId: null,
            senderName: SYSTEM_SENDER_NAME,
            channel: "in_app",
            messageType: "system_event",
            content: `Conversation reopened: ${actor.name} wrote after it was closed.`,
            createdAt: sql`clock_timestamp()`,
          })
          .returning({ id: messages.id })
      : [];

    const [message] = await tx
      .insert(messages)
      .values({
        storeId: order.storeId,
        threadId: thread.id,
        senderRole: actor.role,
        senderId: actor.id,
        senderName: actor.name,
        channel,
        messageType: blank ? "attachment" : "text",
        content: input.content,
        isInternal,
        createdAt: sql`clock_timestamp()`,
      })
      .returning(messageViewColumns);
    if (!message) throw new Error("message insert returned no row");

    const linked = await linkAttachmentsToMessage(tx, actor, {
      attachmentIds,
      messageId: message.id,
      storeId: order.storeId,
    });

    // An internal note moves only last_message_at: non-admins list, order and page their inbox by
    // last_public_message_at, so a note must neither create their view of the thread nor move it.
    // The reopen notice is public even when the message is not.
    const newestPublicId = isInternal ? reopenNotice?.id : message.id;
    const createdAtOf = (id: string) => sql`(SELECT ${messages.createdAt} FROM ${messages} WHERE ${messages.id} = ${id})`;
    await tx
      .update(threads)
      .set({
        // greatest(): a concurrent sender that started earlier may already have moved it on. It
        // ignores NULL, so a thread's first public message sets last_public_message_at.
        lastMessageAt: sql`greatest(${threads.lastMessageAt}, ${createdAtOf(message.id)})`,
        ...(newestPublicId
          ? { lastPublicMessageAt: sql`greatest(${threads.lastPublicMessageAt}, ${createdAtOf(newestPublicId)})` }
          : {}),
        ...(reopens ? { status: "open" as const, closedAt: null, closedBy: null } : {}),
      })
      .where(eq(threads.id, thread.id));

    const ids = { storeId: order.storeId, orderId: order.id, threadId: thread.id };
    if (threadCreated) {
      await writeAudit(tx, { actor, action: "thread.created", ...ids }, request);
    }
    if (reopens) {
      await writeAudit(tx, { actor, action: "thread.reopened", ...ids, metadata: { reason: reopenReason } }, request);
    }
    await writeAudit(
      tx,
      {
        actor,
        action: "message.created",
        ...ids,
        messageId: message.id,
        metadata: { channel, isInternal, messageType: message.messageType, attachmentIds: linked.map((a) => a.id) },
      },
      request,
    );

    return {
      view: toMessageView(actor, order.orderNumber, message, { attachments: linked.map(toAttachmentView), readBy: [] }),
      order,
      threadCreated,
      reopens,
    };
  });

  const { view, order, threadCreated, reopens } = sent;
  emitDomainEvent("MESSAGE_CREATED", {
    messageId: view.id,
    threadId: view.threadId,
    orderId: order.id,
    orderNumber: order.orderNumber,
    storeId: order.storeId,
    isInternal: view.isInternal,
    channel: view.channel,
    senderRole: view.senderRole,
    senderId: view.senderId,
    threadCreated,
  });
  if (reopens) {
    emitDomainEvent("THREAD_REOPENED", {
      threadId: view.threadId,
      orderNumber: order.orderNumber,
      storeId: order.storeId,
      reopenedBy: actor.id,
    });
  }
  return view;
}
