import "server-only";
import { and, inArray, isNull, lt } from "drizzle-orm";
import { noRequestMeta, writeAudit } from "../audit/write-audit";
import type { Database } from "../db/client";
import { attachments } from "../db/schema";
import { configuredAttachmentStorage, type AttachmentStorage } from "./attachment-storage";

/** An upload not put on a message within a day was abandoned (a composer sends long before). */
export const ABANDONED_UPLOAD_AGE_MS = 24 * 60 * 60 * 1000;
/** Rows per batch, so one batch stays a short transaction; `sweepAllAbandonedUploads` runs until none are left. */
const SWEEP_BATCH = 500;

/**
 * Deletes uploads that were never linked to a message and are older than `olderThan`, rows first
 * and then their bytes. A send linking one of them at the same moment either links it first (the
 * DELETE then skips the row, which is no longer unlinked) or finds it gone and is refused like any
 * unknown attachment. Returns how many were removed.
 */
export async function sweepAbandonedUploads(
  db: Database,
  options: { olderThan?: Date; storage?: AttachmentStorage; batchSize?: number } = {},
): Promise<number> {
  const olderThan = options.olderThan ?? new Date(Date.now() - ABANDONED_UPLOAD_AGE_MS);
  const storage = options.storage ?? configuredAttachmentStorage();
  const abandoned = and(isNull(attachments.messageId), lt(attachments.createdAt, olderThan));
  const removed = await db.transaction(async (tx) => {
    const batch = tx.select({ id: attachments.id }).from(attachments).where(abandoned).limit(options.batchSize ?? SWEEP_BATCH);
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

/**
 * Batch after batch until the backlog is empty (a batch smaller than asked for is the last), so a
 * million abandoned uploads go in one run rather than 500 per run. Returns how many were removed.
 */
export async function sweepAllAbandonedUploads(
  db: Database,
  options: { olderThan?: Date; storage?: AttachmentStorage; batchSize?: number } = {},
): Promise<number> {
  const batchSize = options.batchSize ?? SWEEP_BATCH;
  // One cut-off for the whole run: uploads turning a day old meanwhile wait for the next run.
  const olderThan = options.olderThan ?? new Date(Date.now() - ABANDONED_UPLOAD_AGE_MS);
  let total = 0;
  for (;;) {
    const removed = await sweepAbandonedUploads(db, { ...options, olderThan, batchSize });
    total += removed;
    if (removed < batchSize) return total;
  }
}

export interface AbandonedUploadSweeper {
  /** Resolves when the run in progress (if any) has finished; for tests and shutdown. */
  idle(): Promise<void>;
  stop(): void;
}

// One sweeper per process: a hot reload re-evaluates this module, and must not start a second.
const globalForSweeper = globalThis as unknown as { orderlineUploadSweeper?: AbandonedUploadSweeper };

/**
 * Sweeps abandoned uploads now and every `intervalMs`, in this process (the app until the
 * channels issue's worker takes it over). Idempotent: a second call returns the running sweeper.
 * The timer is unref'd, so it never keeps a process alive; runs never overlap, and a failed run
 * is logged and retried at the next tick.
 */
export function startAbandonedUploadSweeper(options: {
  getDb: () => Promise<Database>;
  intervalMs: number;
  storage?: AttachmentStorage;
  batchSize?: number;
}): AbandonedUploadSweeper {
  if (globalForSweeper.orderlineUploadSweeper) return globalForSweeper.orderlineUploadSweeper;
  let running: Promise<void> = Promise.resolve();
  let busy = false;
  const run = () => {
    if (busy) return;
    busy = true;
    running = options
      .getDb()
      .then((db) => sweepAllAbandonedUploads(db, { storage: options.storage, batchSize: options.batchSize }))
      .then(
        (removed) => {
          if (removed > 0) console.info(`removed ${removed} abandoned uploads`);
        },
        (error: unknown) => console.error("abandoned upload sweep failed", error),
      )
      .finally(() => {
        busy = false;
      });
  };
  const timer = setInterval(run, options.intervalMs);
  timer.unref();
  run();
  const sweeper: AbandonedUploadSweeper = {
    idle: () => running,
    stop() {
      clearInterval(timer);
      if (globalForSweeper.orderlineUploadSweeper === sweeper) globalForSweeper.orderlineUploadSweeper = undefined;
    },
  };
  globalForSweeper.orderlineUploadSweeper = sweeper;
  return sweeper;
}
