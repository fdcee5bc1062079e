import { asc, inArray } from "drizzle-orm";
import type { Actor, UserRole } from "../access";
import { attachmentUrl } from "../attachments/link-attachments";
import type { DbOrTx } from "../db/client";
import { attachments, messageReads, messages } from "../db/schema";

export type MessageRow = typeof messages.$inferSelect;
type MessageFields = Omit<MessageRow, "searchVector" | "providerMessageId" | "storeId">;

export interface AttachmentView {
  id: string;
  fileName: string;
  contentType: string;
  size: number;
  url: string;
}

export interface ReadReceiptView {
  userId: string;
  role: UserRole;
  readAt: string;
}

/** A message as callers see it (CONTRACT.md). */
export interface MessageView {
  id: string;
  threadId: string;
  orderNumber: string;
  senderRole: MessageRow["senderRole"];
  senderId: string | null;
  senderName: string;
  channel: MessageRow["channel"];
  messageType: MessageRow["messageType"];
  content: string;
  isInternal: boolean;
  attachments: AttachmentView[];
  createdAt: string;
  readByMe: boolean;
  readBy: ReadReceiptView[];
}

/** The columns a message view is built from (not the search vector). */
export const messageViewColumns = {
  id: messages.id,
  threadId: messages.threadId,
  senderRole: messages.senderRole,
  senderId: messages.senderId,
  senderName: messages.senderName,
  channel: messages.channel,
  messageType: messages.messageType,
  content: messages.content,
  isInternal: messages.isInternal,
  createdAt: messages.createdAt,
};

export function toAttachmentView(a: Pick<typeof attachments.$inferSelect, "id" | "fileName" | "contentType" | "size">): AttachmentView {
  return { id: a.id, fileName: a.fileName, contentType: a.contentType, size: a.size, url: attachmentUrl(a.id) };
}

export function toMessageView(
  actor: Actor,
  orderNumber: string,
  m: MessageFields,
  details: { attachments: AttachmentView[]; readBy: ReadReceiptView[] },
): MessageView {
  return {
    id: m.id,
    threadId: m.threadId,
    orderNumber,
    senderRole: m.senderRole,
    senderId: m.senderId,
    senderName: m.senderName,
    channel: m.channel,
    messageType: m.messageType,
    content: m.content,
    isInternal: m.isInternal,
    attachments: details.attachments,
    createdAt: m.createdAt.toISOString(),
    // Your own message is read by you, with or without a receipt.
    readByMe: m.senderId === actor.id || details.readBy.some((r) => r.userId === actor.id),
    readBy: details.readBy,
  };
}

function groupBy<T, V>(items: readonly T[], key: (item: T) => string | null, value: (item: T) => V): Map<string, V[]> {
  const groups = new Map<string, V[]>();
  for (const item of items) {
    const k = key(item);
    if (k === null) continue;
    const group = groups.get(k);
    if (group) group.push(value(item));
    else groups.set(k, [value(item)]);
  }
  return groups;
}

/**
 * Views of a page of messages the actor may already see (the rows passed the access predicates;
 * nothing is re-checked here). Rows may span orders (search). Two set-based queries for the whole
 * page (receipts, attachments), never one per message.
 */
export async function loadMessageViews(
  db: DbOrTx,
  actor: Actor,
  rows: readonly (MessageFields & { orderNumber: string })[],
): Promise<MessageView[]> {
  if (rows.length === 0) return [];
  const ids = rows.map((m) => m.id);
  const [files, receipts] = await Promise.all([
    db
      .select({
        id: attachments.id,
        messageId: attachments.messageId,
        fileName: attachments.fileName,
        contentType: attachments.contentType,
        size: attachments.size,
      })
      .from(attachments)
      .where(inArray(attachments.messageId, ids))
      .orderBy(asc(attachments.createdAt), asc(attachments.id)),
    db
      .select({ messageId: messageReads.messageId, userId: messageReads.userId, role: messageReads.role, readAt: messageReads.readAt })
      .from(messageReads)
      .where(inArray(messageReads.messageId, ids))
      .orderBy(asc(messageReads.readAt), asc(messageReads.userId)),
  ]);
  const filesOf = groupBy(files, (f) => f.messageId, toAttachmentView);
  const readByOf = groupBy(
    receipts,
    (r) => r.messageId,
    (r): ReadReceiptView => ({ userId: r.userId, role: r.role, readAt: r.readAt.toISOString() }),
  );
  return rows.map((m) =>
    toMessageView(actor, m.orderNumber, m, { attachments: filesOf.get(m.id) ?? [], readBy: readByOf.get(m.id) ?? [] }),
  );
}
