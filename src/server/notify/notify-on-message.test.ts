import { and, eq, inArray } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { messages, notifications, users } from "~/server/db/schema";
import { noRequestMeta } from "~/server/audit/write-audit";
import { sendMessage } from "~/server/messaging/send-message";
import { callerFor, createOrderWithCustomer } from "~/test/messaging-fixtures";
import { createTestDatabase, type TestDatabase } from "~/test/test-database";

/**
 * One test per routing rule of issue 15, with real sends through the app router. The send writes
 * the notifications itself (no listener runs here): a committed message always has them.
 */
let t: TestDatabase;
const idOf = (email: string) => t.actor(email).id;

beforeAll(async () => {
  t = await createTestDatabase();
});
afterAll(async () => {
  await t.close();
});

async function notifiedAbout(messageId: string) {
  const rows = await t.db.select({ email: users.email }).from(notifications).innerJoin(users, eq(users.id, notifications.userId)).where(eq(notifications.messageId, messageId));
  return rows.map((r) => r.email).sort();
}

async function adminEmails() {
  return (await t.db.select({ email: users.email }).from(users).where(eq(users.role, "admin"))).map((u) => u.email);
}

/** Store north, fulfilled by acme (sid) — and by globex (sue) too for this test's order. */
async function order() {
  return createOrderWithCustomer(t);
}

describe("who is told about a new message", () => {
  it("a customer's message → every admin, the store's reseller and the order's supplier users; not the customer", async () => {
    const o = await order();
    const sent = await callerFor(t, o.customer).messages.send({ orderNumber: o.orderNumber, content: "hi" });
    expect(await notifiedAbout(sent.id)).toEqual([...(await adminEmails()), "rita@demo.test", "sid@demo.test"].sort());
  });

  it("a staff reply → the customer only (not the admin who wrote it, not partners)", async () => {
    const o = await order();
    const sent = await callerFor(t, "admin@demo.test").messages.send({ orderNumber: o.orderNumber, content: "on its way" });
    expect(await notifiedAbout(sent.id)).toEqual([o.customer.email]);
  });

  it("a partner's reply → the customer only", async () => {
    const o = await order();
    const fromSupplier = await callerFor(t, "sid@demo.test").messages.send({ orderNumber: o.orderNumber, content: "packed" });
    const fromReseller = await callerFor(t, "rita@demo.test").messages.send({ orderNumber: o.orderNumber, content: "noted" });
    expect(await notifiedAbout(fromSupplier.id)).toEqual([o.customer.email]);
    expect(await notifiedAbout(fromReseller.id)).toEqual([o.customer.email]);
  });

  it("an internal note → admins only, and not the admin who wrote it", async () => {
    const o = await order();
    const [second] = await t.db.insert(users).values({ email: `admin2-${o.orderNumber}@demo.test`, name: "Second Admin", role: "admin" }).returning();
    const sent = await callerFor(t, "admin@demo.test").messages.send({ orderNumber: o.orderNumber, content: "fraud check", isInternal: true });
    const told = await notifiedAbout(sent.id);
    expect(told).toContain(second!.email);
    expect(told).not.toContain("admin@demo.test");
    const [row] = await t.db.select().from(notifications).where(eq(notifications.messageId, sent.id));
    expect(row?.kind).toBe("internal_note");
    const roles = await t.db.select({ role: users.role }).from(notifications).innerJoin(users, eq(users.id, notifications.userId)).where(eq(notifications.messageId, sent.id));
    expect(new Set(roles.map((r) => r.role))).toEqual(new Set(["admin"]));
  });

  it("nobody is notified of their own message, whatever their role", async () => {
    const o = await order();
    const senders = [o.customer, t.actor("admin@demo.test"), t.actor("sid@demo.test"), t.actor("rita@demo.test")];
    for (const sender of senders) {
      const sent = await callerFor(t, sender).messages.send({ orderNumber: o.orderNumber, content: `from ${sender.role}` });
      const own = await t.db.select().from(notifications).where(and(eq(notifications.messageId, sent.id), eq(notifications.userId, sender.id)));
      expect(own).toEqual([]);
    }
  });

  it("no loops: notifying creates no message, and the same provider message delivered again notifies nobody twice", async () => {
    const o = await order();
    const author = { kind: "inbound", customerId: o.customer.id, senderName: "Customer", channel: "whatsapp", providerMessageId: `wamid.once-${o.orderNumber}` } as const;
    const sent = await sendMessage(t.db, author, { orderNumber: o.orderNumber, content: "once" }, noRequestMeta);
    const firstTime = await notifiedAbout(sent.id);
    expect(firstTime.length).toBeGreaterThan(0);
    const messagesBefore = await t.db.$count(messages);
    const again = await sendMessage(t.db, author, { orderNumber: o.orderNumber, content: "once" }, noRequestMeta);
    expect(again).toMatchObject({ id: sent.id, duplicate: true });
    expect(await t.db.$count(messages)).toBe(messagesBefore);
    expect(await notifiedAbout(sent.id)).toEqual(firstTime);
  });

  it("a message refused by the send (an order the sender may not see) notifies nobody", async () => {
    const o = await order();
    const before = await t.db.$count(notifications);
    await expect(callerFor(t, "bob@demo.test").messages.send({ orderNumber: o.orderNumber, content: "not mine" })).rejects.toThrow();
    expect(await t.db.$count(notifications)).toBe(before);
  });

  it("a partner of another store or supplier hears nothing", async () => {
    const o = await order();
    const sent = await callerFor(t, o.customer).messages.send({ orderNumber: o.orderNumber, content: "hello" });
    const told = await notifiedAbout(sent.id);
    for (const outsider of ["sam@demo.test", "sue@demo.test", "bob@demo.test", "alice@demo.test"]) expect(told).not.toContain(outsider);
    const count = await t.db.$count(notifications, and(eq(notifications.messageId, sent.id), inArray(notifications.userId, [idOf("sam@demo.test"), idOf("sue@demo.test")])));
    expect(count).toBe(0);
  });
});
