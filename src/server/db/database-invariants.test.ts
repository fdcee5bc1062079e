import { eq, sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestDatabase, type TestDatabase } from "~/test/test-database";
import { queryRows } from "./client";
import { attachments, auditLog, messages, orders, threads } from "./schema";

/** Drizzle wraps driver errors; the database's own message is on the cause. */
async function failureOf(promise: Promise<unknown>): Promise<string> {
  try {
    await promise;
  } catch (error) {
    const e = error as { message?: string; cause?: { message?: string } };
    return `${e.message ?? ""} ${e.cause?.message ?? ""}`;
  }
  throw new Error("expected the database to refuse");
}

// The same invariants must hold on the server and on the embedded default.
describe.each([{ driver: "default" as const }, { driver: "pglite" as const }])("database invariants ($driver)", ({ driver }) => {
  let t: TestDatabase;
  beforeAll(async () => {
    t = await createTestDatabase(driver === "pglite" ? { driver } : {});
  });
  afterAll(() => t.close());

  const firstMessage = async () => {
    const [m] = await t.db.select().from(messages).limit(1);
    if (!m) throw new Error("seed has no messages");
    return m;
  };

  it("refuses UPDATE and DELETE on messages", async () => {
    const m = await firstMessage();
    expect(await failureOf(t.db.update(messages).set({ content: "rewritten" }).where(eq(messages.id, m.id)))).toMatch(/append-only/);
    expect(await failureOf(t.db.delete(messages).where(eq(messages.id, m.id)))).toMatch(/append-only/);
    expect(await failureOf(t.db.execute(sql`TRUNCATE messages CASCADE`))).toMatch(/append-only/);
    const [again] = await t.db.select().from(messages).where(eq(messages.id, m.id));
    expect(again?.content).toBe(m.content);
  });

  it("refuses UPDATE and DELETE on the audit log", async () => {
    await t.db.insert(auditLog).values({ actorRole: "system", action: "thread.created" });
    const [row] = await t.db.select().from(auditLog).limit(1);
    if (!row) throw new Error("no audit row");
    expect(await failureOf(t.db.update(auditLog).set({ action: "forged" }).where(eq(auditLog.id, row.id)))).toMatch(/append-only/);
    expect(await failureOf(t.db.delete(auditLog).where(eq(auditLog.id, row.id)))).toMatch(/append-only/);
  });

  it("keeps one thread per order", async () => {
    const [thread] = await t.db.select().from(threads).limit(1);
    if (!thread) throw new Error("no thread");
    expect(await failureOf(t.db.insert(threads).values({ storeId: thread.storeId, orderId: thread.orderId }))).toMatch(
      /threads_store_order_unique/,
    );
  });

  it("keeps one message per provider message id and channel", async () => {
    const m = await firstMessage();
    const row = { ...m, id: undefined, searchVector: undefined, channel: "sms" as const, providerMessageId: "SM123" };
    await t.db.insert(messages).values(row);
    expect(await failureOf(t.db.insert(messages).values(row))).toMatch(/messages_channel_provider_id_unique/);
    // The same provider id on another channel is another message.
    await t.db.insert(messages).values({ ...row, channel: "whatsapp" });
  });

  it("lets only admins write internal notes", async () => {
    const m = await firstMessage();
    const note = { ...m, id: undefined, searchVector: undefined, senderRole: "customer" as const, isInternal: true };
    expect(await failureOf(t.db.insert(messages).values(note))).toMatch(/messages_internal_only_from_staff/);
  });

  it("freezes an attachment once it is linked to a message", async () => {
    const m = await firstMessage();
    const [a] = await t.db
      .insert(attachments)
      .values({ fileName: "a.txt", contentType: "text/plain", size: 1, sha256: "x", storageKey: "k" })
      .returning();
    if (!a) throw new Error("no attachment");
    await t.db.update(attachments).set({ messageId: m.id, storeId: m.storeId }).where(eq(attachments.id, a.id));
    expect(await failureOf(t.db.update(attachments).set({ fileName: "b.txt" }).where(eq(attachments.id, a.id)))).toMatch(
      /cannot change/,
    );
    expect(await failureOf(t.db.delete(attachments).where(eq(attachments.id, a.id)))).toMatch(/cannot change/);
  });

  it("maintains the full-text search column", async () => {
    const rows = await queryRows<{ order_number: string }>(
      t.db,
      sql`SELECT o.order_number FROM messages m JOIN threads th ON th.id = m.thread_id JOIN orders o ON o.id = th.order_id
          WHERE m.search_vector @@ websearch_to_tsquery('english', 'tracking number')`,
    );
    expect(rows.map((r) => r.order_number)).toContain("ORD-1002");
    const [order] = await t.db.select().from(orders).where(eq(orders.orderNumber, "ORD-1002"));
    expect(order?.customerPhone).toBe("+1 202-555-0102");
  });
});
