import "server-only";
import { and, inArray, isNull, lt } from "drizzle-orm";
import { noRequestMeta, writeAudit } from "../audit/write-audit";
import type { Database } from "../db/client";
import { attachments } from "../db/schema";
import { configuredAttachmentStorage, type AttachmentStorage } from "./attachment-storage";

/** An upload not put on a message within a day was abandoned (a composer sends long before). */
export const ABANDONED_UPLOAD_AGE_MS = 24 * 60 * 60 * 1000;
/** Rows per sweep, so one sweep stays a short transaction; the next sweep takes the rest. */
const SWEEP_BATCH = 500;

/**
 * Deletes uploads that were never linked to a message and are older than `olderThan`, rows first
 * and then their bytes. A send linking one of them at the same moment either links it first (the
 * DELETE then skips the row, which is no longer unlinked) or finds it gone and is refused like any
 * unknown attachment. Returns how many were removed.
 */
export async function sweepAbandonedUploads(
  db: Database,
  options: { olderThan?: Date; storage?: AttachmentStorage } = {},
): Promise<number> {
  const olderThan = options.olderThan ?? new Date(Date.now() - ABANDONED_UPLOAD_AGE_MS);
  const storage = options.storage ?? configuredAttachmentStorage();
  const abandoned = and(isNull(attachments.messageId), lt(attachments.createdAt, olderThan));
  const removed = await db.transaction(async (tx) => {
    const batch = tx.select({ id: attachments.id }).from(attachments).where(abandoned).limit(SWEEP_BATCH);
    const rows = await tx
      .delete(attachments)
      .where(and(abandoned, inArray(attachments.id, batch)))
      .returning({ id: attachments.id, storageKey: attachments.storageKey });
    if (rows.length > 0) {
      await writeAudit(
        tx,
        { actor: null, action: "attachment.abandoned_removed", metadata: { attachmentIds: rows.map((r) => r.id) } },
        noRequestMeta,
      );
    }
    return rows;
  });
  for (const { storageKey } of removed) {
    // A leftover object is only wasted space; the row that could serve it is gone.
    await storage.delete(storageKey).catch((error: unknown) => console.error("could not delete abandoned upload", storageKey, error));
  }
  return removed.length;
}

const SWEEP_INTERVAL_MS = 60 * 60 * 1000;
let lastSweepAt = 0;

/**
 * Runs a sweep in the background at most once an hour per process; called after each upload, so
 * the app cleans up after itself without a scheduler. Never delays or fails the caller.
 */
export function sweepAbandonedUploadsNowAndThen(db: Database, storage?: AttachmentStorage): void {
  const now = Date.now();
  if (now - lastSweepAt < SWEEP_INTERVAL_MS) return;
  lastSweepAt = now;
  void sweepAbandonedUploads(db, { storage }).catch((error: unknown) => console.error("abandoned upload sweep failed", error));
}
