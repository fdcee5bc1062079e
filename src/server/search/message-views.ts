import { asc, inArray } from "drizzle-orm";
import type { Actor } from "../access";
import { attachmentUrl } from "../attachments/link-attachments";
import type { DbOrTx } from "../db/client";
import { attachments, messageReads, type channel, type messageType, type senderRole, type threadStatus, type userRole } from "../db/schema";

/*
 * Messages and threads as the contract shows them (ZMessage / ZThread in api/schemas.ts, which the
 * router's output schema enforces). This is search's own row → view mapping because
 * server/messaging's message mapper was being written at the same time; once it lands the two
 * should become one.
 */

export interface AttachmentView {
  id: string;
  fileName: string;
  contentType: string;
  size: number;
  url: string;
}

export interface ReadReceiptView {
  userId: string;
  role: (typeof userRole.enumValues)[number];
  readAt: string;
}

export interface MessageView {
  id: string;
  threadId: string;
  orderNumber: string;
  senderRole: (typeof senderRole.enumValues)[number];
  senderId: string | null;
  senderName: string;
  channel: (typeof channel.enumValues)[number];
  messageType: (typeof messageType.enumValues)[number];
  content: string;
  isInternal: boolean;
  attachments: AttachmentView[];
  createdAt: string;
  readByMe: boolean;
  readBy: ReadReceiptView[];
}

export interface ThreadView {
  id: string;
  orderNumber: string;
  status: (typeof threadStatus.enumValues)[number];
  lastMessageAt: string;
  closedAt: string | null;
  closedBy: string | null;
}

/** A message row with its order number: what a query must load to build a MessageView. */
export type MessageViewRow = Omit<MessageView, "attachments" | "createdAt" | "readByMe" | "readBy"> & { createdAt: Date };

export interface ThreadViewRow {
  id: string;
  orderNumber: string;
  status: ThreadView["status"];
  lastMessageAt: Date;
  closedAt: Date | null;
  closedBy: string | null;
}

export function toThreadView(row: ThreadViewRow): ThreadView {
  return {
    id: row.id,
    orderNumber: row.orderNumber,
    status: row.status,
    lastMessageAt: row.lastMessageAt.toISOString(),
    closedAt: row.closedAt?.toISOString() ?? null,
    closedBy: row.closedBy,
  };
}

function groupBy<T>(items: readonly T[], key: (item: T) => string): Map<string, T[]> {
  const groups = new Map<string, T[]>();
  for (const item of items) {
    const group = groups.get(key(item));
    if (group) group.push(item);
    else groups.set(key(item), [item]);
  }
  return groups;
}

/**
 * Adds attachments and read receipts to a page of messages with one query each, whatever the
 * page size. The rows must already have passed the access predicates: nothing is re-checked here.
 * A message the actor wrote counts as read by them.
 */
export async function toMessageViews(db: DbOrTx, actor: Actor, rows: readonly MessageViewRow[]): Promise<MessageView[]> {
  if (rows.length === 0) return [];
  const ids = rows.map((r) => r.id);
  const [attachmentRows, receiptRows] = await Promise.all([
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
  const attachmentsByMessage = groupBy(attachmentRows, (a) => a.messageId ?? "");
  const receiptsByMessage = groupBy(receiptRows, (r) => r.messageId);

  return rows.map((row) => {
    const receipts = receiptsByMessage.get(row.id) ?? [];
    return {
      ...row,
      createdAt: row.createdAt.toISOString(),
      attachments: (attachmentsByMessage.get(row.id) ?? []).map((a) => ({
        id: a.id,
        fileName: a.fileName,
        contentType: a.contentType,
        size: a.size,
        url: attachmentUrl(a.id),
      })),
      readByMe: row.senderId === actor.id || receipts.some((r) => r.userId === actor.id),
      readBy: receipts.map((r) => ({ userId: r.userId, role: r.role, readAt: r.readAt.toISOString() })),
    };
  });
}
