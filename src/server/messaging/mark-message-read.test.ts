import { and, eq } from "drizzle-orm";
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from "vitest";
import { auditLog, messageReads } from "~/server/db/schema";
import { onDomainEvent, type DomainEvents } from "~/server/events/domain-events";
import { createTestDatabase, type TestDatabase } from "~/test/test-database";
import { callerFor, settleListeners } from "~/test/messaging-fixtures";

let t: TestDatabase;
beforeAll(async () => {
  t = await createTestDatabase();
});
afterAll(() => t.close());

const stopListening: (() => void)[] = [];
afterEach(() => stopListening.splice(0).forEach((stop) => stop()));

async function seededMessages(orderNumber: string) {
  return (await callerFor(t, "admin@demo.test").messages.list({ orderNumber })).messages;
}

describe("messages.markRead", () => {
  it("records one receipt per user and message, idempotently, with one audit row and one event", async () => {
    const [first] = await seededMessages("ORD-1002");
    if (!first) throw new Error("seed changed");
    const rita = t.actor("rita@demo.test");
    const events: DomainEvents["MESSAGE_READ"][] = [];
    stopListening.push(onDomainEvent("MESSAGE_READ", (e) => void events.push(e)));

    const caller = callerFor(t, rita, { ip: "198.51.100.4", userAgent: "vitest" });
    const receipt = await caller.messages.markRead({ orderNumber: "ORD-1002", messageId: first.id });
    expect(receipt).toMatchObject({ messageId: first.id, userId: rita.id, role: "reseller" });
    const repeats = await Promise.all([1, 2, 3].map(() => caller.messages.markRead({ orderNumber: "ORD-1002", messageId: first.id })));
    expect(repeats).toEqual([receipt, receipt, receipt]);

    const rows = await t.db
      .select()
      .from(messageReads)
      .where(and(eq(messageReads.messageId, first.id), eq(messageReads.userId, rita.id)));
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({ role: "reseller", storeId: "north" });
    const audits = await t.db
      .select()
      .from(auditLog)
      .where(and(eq(auditLog.messageId, first.id), eq(auditLog.action, "message.read")));
    expect(audits).toHaveLength(1);
    expect(audits[0]).toMatchObject({ actorId: rita.id, actorRole: "reseller", storeId: "north", threadId: first.threadId, ip: "198.51.100.4" });
    await vi.waitFor(() => expect(events).toHaveLength(1));
    await settleListeners(); // and no more arrive
    expect(events).toEqual([
      { messageId: first.id, threadId: first.threadId, orderNumber: "ORD-1002", storeId: "north", userId: rita.id },
    ]);
  });

  it("hides an internal note from non-admins as not found, and stores no receipt", async () => {
    const note = (await seededMessages("ORD-1001")).find((m) => m.isInternal);
    if (!note) throw new Error("seed changed");
    for (const who of ["alice@demo.test", "rita@demo.test", "sid@demo.test"]) {
      await expect(
        callerFor(t, who).messages.markRead({ orderNumber: "ORD-1001", messageId: note.id }),
      ).rejects.toMatchObject({ code: "NOT_FOUND", message: "Message not found" });
    }
    expect(await t.db.select().from(messageReads).where(eq(messageReads.messageId, note.id))).toEqual([]);
    const staff = await callerFor(t, "admin@demo.test").messages.markRead({ orderNumber: "ORD-1001", messageId: note.id });
    expect(staff.role).toBe("admin");
  });

  it("refuses a message of another order's thread, an unknown id and a foreign order", async () => {
    const [other] = await seededMessages("ORD-1002");
    if (!other) throw new Error("seed changed");
    await expect(
      callerFor(t, "admin@demo.test").messages.markRead({ orderNumber: "ORD-1001", messageId: other.id }),
    ).rejects.toMatchObject({ code: "NOT_FOUND" });
    await expect(
      callerFor(t, "alice@demo.test").messages.markRead({ orderNumber: "ORD-1001", messageId: crypto.randomUUID() }),
    ).rejects.toMatchObject({ code: "NOT_FOUND" });
    // Alice can't see ORD-1002: the order itself is "not found", whether or not the message exists.
    const foreign = await callerFor(t, "alice@demo.test")
      .messages.markRead({ orderNumber: "ORD-1002", messageId: other.id })
      .catch((e: { code: string; message: string }) => `${e.code}: ${e.message}`);
    const missing = await callerFor(t, "alice@demo.test")
      .messages.markRead({ orderNumber: "ORD-9999", messageId: other.id })
      .catch((e: { code: string; message: string }) => `${e.code}: ${e.message}`);
    expect(foreign).toBe("NOT_FOUND: Order not found");
    expect(missing).toBe(foreign);
    await expect(
      callerFor(t, "alice@demo.test").messages.markRead({ orderNumber: "ORD-1001", messageId: "not-a-uuid" }),
    ).rejects.toMatchObject({ code: "BAD_REQUEST" });
  });
});
