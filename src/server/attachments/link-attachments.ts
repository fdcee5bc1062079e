import { and, eq, inArray, isNull } from "drizzle-orm";
import type { Actor } from "../access";
import type { DbOrTx } from "../db/client";
import { attachments } from "../db/schema";
import { invalid } from "../errors";

export type AttachmentRow = typeof attachments.$inferSelect;

/**
 * Links uploads to a new message inside the send transaction. Only the uploader's own, not yet
 * linked uploads qualify; anything else fails the whole send, so no message goes out half-attached.
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
    .where(and(inArray(attachments.id, ids), eq(attachments.uploadedBy, actor.id), isNull(attachments.messageId)))
    .returning();
  if (linked.length !== ids.length) throw invalid("Unknown or already used attachment id");
  return linked;
}

/** Where a linked attachment is downloaded; the route applies the access policy again. */
export function attachmentUrl(attachmentId: string): string {
  return `/api/attachments/${attachmentId}`;
}
