import { and, eq, exists, isNull, or, sql } from "drizzle-orm";
import { visibleMessagesWhere, visibleOrdersWhere, type Actor } from "../access";
import type { DbOrTx } from "../db/client";
import { attachments, messages, orders, threads } from "../db/schema";
import { notFound } from "../errors";

export interface DownloadableAttachment {
  id: string;
  fileName: string;
  contentType: string;
  size: number;
  sha256: string;
  storageKey: string;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * An attachment the actor may download. Linked: exactly when they may read its message (the
 * order's visibility and, for internal notes, staff only). Not yet linked: its uploader alone.
 * Anything else is "not found", the same as an id that does not exist.
 */
export async function getAttachmentForDownload(db: DbOrTx, actor: Actor, attachmentId: string): Promise<DownloadableAttachment> {
  if (!UUID.test(attachmentId)) throw notFound("Attachment");
  const readableMessage = db
    .select({ one: sql`1` })
    .from(messages)
    .innerJoin(threads, eq(threads.id, messages.threadId))
    .innerJoin(orders, eq(orders.id, threads.orderId))
    .where(and(eq(messages.id, attachments.messageId), visibleMessagesWhere(actor), visibleOrdersWhere(db, actor)));
  const [row] = await db
    .select({
      id: attachments.id,
      fileName: attachments.fileName,
      contentType: attachments.contentType,
      size: attachments.size,
      sha256: attachments.sha256,
      storageKey: attachments.storageKey,
    })
    .from(attachments)
    .where(
      and(
        eq(attachments.id, attachmentId),
        or(and(isNull(attachments.messageId), eq(attachments.uploadedBy, actor.id)), exists(readableMessage)),
      ),
    )
    .limit(1);
  if (!row) throw notFound("Attachment");
  return row;
}
