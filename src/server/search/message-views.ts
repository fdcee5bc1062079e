import { asc, inArray } from "drizzle-orm";
import type { Actor } from "../access";
import type { DbOrTx } from "../db/client";
import { attachments, messageReads } from "../db/schema";
import { toAttachmentView, toMessageView, type AttachmentView, type MessageView, type ReadReceiptView } from "../messaging/message-view";
import type { ThreadView } from "../messaging/thread-view";

export type { MessageView, ThreadView };

/**
 * A search page spans many orders, while messaging's loadMessageViews serves one order's thread
 * (one order number for all rows). So the page is loaded here, set-based across orders, and
 * mapped with messaging's own toMessageView: one definition of what a message looks like.
 */
export type MessageViewRow = Parameters<typeof toMessageView>[2] & { orderNumber: string };

/** The thread columns a view needs: the reply token is never loaded. */
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
 * Attachments and read receipts for a whole page with one query each, whatever the page size.
 * The rows must already have passed the access predicates: nothing is re-checked here.
 */
export async function toMessageViews(db: DbOrTx, actor: Actor, rows: readonly MessageViewRow[]): Promise<MessageView[]> {
  if (rows.length === 0) return [];
  const ids = rows.map((r) => r.id);
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
  const filesOf = groupBy<(typeof files)[number], AttachmentView>(files, (f) => f.messageId, toAttachmentView);
  const readByOf = groupBy<(typeof receipts)[number], ReadReceiptView>(
    receipts,
    (r) => r.messageId,
    (r) => ({ userId: r.userId, role: r.role, readAt: r.readAt.toISOString() }),
  );
  return rows.map((row) =>
    toMessageView(actor, row.orderNumber, row, { attachments: filesOf.get(row.id) ?? [], readBy: readByOf.get(row.id) ?? [] }),
  );
}
