import { and, eq, inArray, isNull, sql, type SQL } from "drizzle-orm";
import type { Actor } from "../access";
import type { DbOrTx } from "../db/client";
import { attachments } from "../db/schema";
import { invalid } from "../errors";

export type AttachmentRow = typeof attachments.$inferSelect;

/** What a send answers when an attachment id is not one the sender may put on a message. */
export const unusableAttachment = () => invalid("Unknown or already used attachment id");

/**
 * The uploads `uploader` may put on a new message: their own, not yet on a message. A null
 * uploader (inbound channels, order events) may use only files the system stored itself, which
 * have no uploader. The send statement uses this inside its own WHERE.
 */
export function linkableAttachmentsWhere(uploader: string | null, ids: readonly string[]): SQL {
  if (ids.length === 0) return sql`false`;
  return and(
    inArray(attachments.id, [...ids]),
    uploader === null ? isNull(attachments.uploadedBy) : eq(attachments.uploadedBy, uploader),
    isNull(attachments.messageId),
  ) as SQL;
}

/**
 * Links uploads to a new message inside a transaction. Only the uploader's own, not yet linked
 * uploads qualify; anything else fails the whole send, so no message goes out half-attached.
 * (The send itself links inside its one statement: send-message-statement.ts.)
 */
export async function linkAttachmentsToMessage(
  tx: DbOrTx,
  actor: Actor,
  input: { attachmentIds: readonly string[]; messageId: string; storeId: string },
): Promise<AttachmentRow[]> {
  const ids = [...new Set(input.attachmentIds)];
  if (ids.length === 0) return [];
  const linked = await tx
    .update(attachments)
    .set({ messageId: input.messageId, storeId: input.storeId })
    .where(linkableAttachmentsWhere(actor.id, ids))
    .returning();
  if (linked.length !== ids.length) throw unusableAttachment();
  return linked;
}

/** Where a linked attachment is downloaded; the route applies the access policy again. */
export function attachmentUrl(attachmentId: string): string {
  return `/api/attachments/${attachmentId}`;
}
