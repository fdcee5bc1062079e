import { sql, type SQL } from "drizzle-orm";
import type { Actor, UserRole } from "../access";
import { attachmentUrl } from "../attachments/link-attachments";
import { attachments, messageReads, messages, users } from "../db/schema";

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
  /** The reader's name, only where it was asked for (`messageDetailsWithReaderNames`). */
  name?: string;
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

interface AttachmentJson {
  id: string;
  fileName: string;
  contentType: string;
  size: number;
}
interface ReceiptJson {
  userId: string;
  role: UserRole;
  readAt: string;
  name?: string;
}

/** json(b) comes back parsed from postgres-js and PGlite alike; text is parsed here just in case. */
function fromJson<T>(value: unknown): T[] {
  const parsed: unknown = typeof value === "string" ? JSON.parse(value) : value;
  return Array.isArray(parsed) ? (parsed as T[]) : [];
}

function attachmentsJson(messageId: SQL): SQL<unknown> {
  return sql`(
    SELECT coalesce(json_agg(json_build_object('id', a.id, 'fileName', a.file_name, 'contentType', a.content_type, 'size', a.size)
                             ORDER BY a.created_at, a.id), '[]'::json)
    FROM ${attachments} a WHERE a.message_id = ${messageId})`;
}

function receiptsJson(messageId: SQL): SQL<unknown> {
  return sql`(
    SELECT coalesce(json_agg(json_build_object('userId', r.user_id, 'role', r.role, 'readAt', r.read_at)
                             ORDER BY r.read_at, r.user_id), '[]'::json)
    FROM ${messageReads} r WHERE r.message_id = ${messageId})`;
}

/** The receipts with each reader's name: one primary-key lookup in users per receipt. */
function receiptsWithNamesJson(messageId: SQL): SQL<unknown> {
  return sql`(
    SELECT coalesce(json_agg(json_build_object('userId', r.user_id, 'role', r.role, 'readAt', r.read_at, 'name', u.name)
                             ORDER BY r.read_at, r.user_id), '[]'::json)
    FROM ${messageReads} r JOIN ${users} u ON u.id = r.user_id WHERE r.message_id = ${messageId})`;
}

/**
 * A message's attachments and receipts as two JSON arrays computed in the statement that selects
 * the page (a correlated subquery per row of the page, on attachments_message_idx and the
 * message_reads primary key): a page is one round trip, not three. The rows passed the access
 * predicates already; nothing is re-checked here.
 */
export const messageDetailsColumns = {
  attachments: attachmentsJson(sql`${messages.id}`),
  readBy: receiptsJson(sql`${messages.id}`),
};

/**
 * The same, with the reader's name in each receipt. Only for callers the policy lets know who read
 * (`canSeeWhoRead`): a customer's query never loads a staff member's or partner's name.
 */
export const messageDetailsWithReaderNames = {
  attachments: attachmentsJson(sql`${messages.id}`),
  readBy: receiptsWithNamesJson(sql`${messages.id}`),
};

/** The same two arrays for raw SQL, as the columns `attachments` and `read_by`. */
export function messageDetailsOf(messageId: SQL): SQL {
  return sql`${attachmentsJson(messageId)} AS attachments, ${receiptsJson(messageId)} AS read_by`;
}

/** The view of a row selected with `messageViewColumns` and `messageDetailsColumns`. */
export function toMessageViewWithDetails(
  actor: Actor,
  orderNumber: string,
  row: MessageFields & { attachments: unknown; readBy: unknown },
): MessageView {
  return toMessageView(actor, orderNumber, row, {
    attachments: fromJson<AttachmentJson>(row.attachments).map(toAttachmentView),
    readBy: fromJson<ReceiptJson>(row.readBy).map((r) => ({
      userId: r.userId,
      role: r.role,
      readAt: new Date(r.readAt).toISOString(),
      ...(r.name === undefined ? {} : { name: r.name }),
    })),
  });
}
