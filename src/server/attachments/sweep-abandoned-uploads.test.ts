import { and, eq, inArray } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestDatabase, type TestDatabase } from "~/test/test-database";
import { noRequestMeta } from "../audit/write-audit";
import { attachments, auditLog } from "../db/schema";
import { sendMessage } from "../messaging/send-message";
import { StoredObjectMissingError } from "./attachment-storage";
import { startAbandonedUploadSweeper, sweepAbandonedUploads, sweepAllAbandonedUploads } from "./sweep-abandoned-uploads";
import { samplePng, temporaryDiskStorage } from "~/test/attachment-samples";
import { uploadAttachment } from "./upload-attachment";

const { storage, remove: removeStorage } = temporaryDiskStorage();
let t: TestDatabase;
beforeAll(async () => {
  t = await createTestDatabase();
});
afterAll(async () => {
  await t.close();
  removeStorage();
});

const twoDaysAgo = () => new Date(Date.now() - 2 * 24 * 60 * 60 * 1000);

async function upload(fileName: string) {
  const alice = t.actor("alice@demo.test");
  return uploadAttachment(t.db, alice, { fileName, declaredContentType: "image/png", bytes: samplePng }, noRequestMeta, { storage });
}

async function storageKeyOf(id: string): Promise<string> {
  const [row] = await t.db.select({ storageKey: attachments.storageKey }).from(attachments).where(eq(attachments.id, id));
  if (!row) throw new Error(`no attachment ${id}`);
  return row.storageKey;
}

describe("sweepAbandonedUploads", () => {
  it("removes day-old uploads never put on a message, rows and bytes, and leaves fresh and linked ones", async () => {
    const abandoned = await upload("abandoned.png");
    const fresh = await upload("fresh.png");
    const sent = await upload("sent.png");
    // Backdated while still unlinked (a linked attachment cannot change any more).
    await t.db
      .update(attachments)
      .set({ createdAt: twoDaysAgo() })
      .where(inArray(attachments.id, [abandoned.id, sent.id]));
    await sendMessage(t.db, { kind: "actor", actor: t.actor("alice@demo.test") }, { orderNumber: "ORD-1001", content: "photo", attachmentIds: [sent.id] }, noRequestMeta);
    const abandonedKey = await storageKeyOf(abandoned.id);

    expect(await sweepAbandonedUploads(t.db, { storage })).toBe(1);

    const left = await t.db.select({ id: attachments.id }).from(attachments).where(inArray(attachments.id, [abandoned.id, fresh.id, sent.id]));
    expect(left.map((r) => r.id).sort()).toEqual([fresh.id, sent.id].sort());
    await expect(storage.get(abandonedKey)).rejects.toBeInstanceOf(StoredObjectMissingError);
    await expect(storage.get(await storageKeyOf(sent.id))).resolves.toBeDefined();
    const [audit] = await t.db
      .select()
      .from(auditLog)
      .where(and(eq(auditLog.action, "attachment.abandoned_removed"), eq(auditLog.actorRole, "system")));
    expect(audit?.metadata).toEqual({ attachmentIds: [abandoned.id] });

    // Nothing left to do: no second audit row.
    expect(await sweepAbandonedUploads(t.db, { storage })).toBe(0);
    expect(await t.db.$count(auditLog, eq(auditLog.action, "attachment.abandoned_removed"))).toBe(1);
  });

  it("refuses a send that names an upload the sweep has removed", async () => {
    const late = await upload("late.png");
    await t.db.update(attachments).set({ createdAt: twoDaysAgo() }).where(eq(attachments.id, late.id));
    await sweepAbandonedUploads(t.db, { storage });
    await expect(
      sendMessage(t.db, { kind: "actor", actor: t.actor("alice@demo.test") }, { orderNumber: "ORD-1001", content: "too late", attachmentIds: [late.id] }, noRequestMeta),
    ).rejects.toMatchObject({ code: "INVALID", message: expect.stringContaining("Unknown or already used attachment") });
  });
});

describe("sweeping the whole backlog", () => {
  async function abandon(count: number): Promise<string[]> {
    const ids: string[] = [];
    for (let i = 0; i < count; i++) ids.push((await upload(`old-${i}.png`)).id);
    await t.db.update(attachments).set({ createdAt: twoDaysAgo() }).where(inArray(attachments.id, ids));
    return ids;
  }
  const left = async (ids: string[]) => t.db.$count(attachments, inArray(attachments.id, ids));

  it("runs batch after batch until no abandoned upload is left", async () => {
    const ids = await abandon(5);
    const auditsBefore = await t.db.$count(auditLog, eq(auditLog.action, "attachment.abandoned_removed"));
    expect(await sweepAllAbandonedUploads(t.db, { storage, batchSize: 2 })).toBe(5);
    expect(await left(ids)).toBe(0);
    // Three batches (2 + 2 + 1), each its own short transaction with its own audit row.
    expect(await t.db.$count(auditLog, eq(auditLog.action, "attachment.abandoned_removed"))).toBe(auditsBefore + 3);
  });

  it("runs on a timer in the process, one sweeper however often it is started", async () => {
    const ids = await abandon(3);
    const sweeper = startAbandonedUploadSweeper({ getDb: () => Promise.resolve(t.db), intervalMs: 60_000, storage, batchSize: 2 });
    try {
      expect(startAbandonedUploadSweeper({ getDb: () => Promise.reject(new Error("second")), intervalMs: 1, storage })).toBe(sweeper);
      await sweeper.idle();
      expect(await left(ids)).toBe(0);
    } finally {
      sweeper.stop();
    }
    // Stopped: a new start is a new sweeper.
    const again = startAbandonedUploadSweeper({ getDb: () => Promise.resolve(t.db), intervalMs: 60_000, storage });
    expect(again).not.toBe(sweeper);
    again.stop();
  });
});
