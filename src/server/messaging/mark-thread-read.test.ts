import { and, eq, inArray, sql } from "drizzle-orm";
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from "vitest";
import { auditLog, messageReads, messages } from "~/server/db/schema";
import { onDomainEvent, type DomainEvents } from "~/server/events/domain-events";
import { createTestDatabase, type TestDatabase } from "~/test/test-database";
import { callerFor, createOrderWithCustomer, settleListeners } from "~/test/messaging-fixtures";

let t: TestDatabase;
beforeAll(async () => {
  t = await createTestDatabase();
});
afterAll(() => t.close());

const stopListening: (() => void)[] = [];
afterEach(() => stopListening.splice(0).forEach((stop) => stop()));

const unreadOf = async (who: Parameters<typeof callerFor>[1], orderNumber: string) =>
  (await callerFor(t, who).orders.list({ limit: 100 })).orders.find((o) => o.orderNumber === orderNumber)?.conversation?.unreadCount;

describe("messages.markThreadRead", () => {
  it("marks what the reader has on screen in one call: a receipt, an audit row and an event per message, once", async () => {
    const order = await createOrderWithCustomer(t, { storeId: "north", supplierId: "acme" });
    const customer = callerFor(t, order.customer, { ip: "198.51.100.9", userAgent: "vitest" });
    await customer.messages.send({ orderNumber: order.orderNumber, content: "Hi" });
    const sid = callerFor(t, "sid@demo.test");
    const replies = [];
    for (const content of ["One", "Two", "Three"]) replies.push(await sid.messages.send({ orderNumber: order.orderNumber, content }));
    const newest = replies.at(-1);
    if (!newest) throw new Error("no reply");
    expect(await unreadOf(order.customer, order.orderNumber)).toBe(3);

    const events: DomainEvents["MESSAGE_READ"][] = [];
    stopListening.push(onDomainEvent("MESSAGE_READ", (e) => void events.push(e)));
    expect(await customer.messages.markThreadRead({ orderNumber: order.orderNumber, upToMessageId: newest.id })).toEqual({ marked: 3 });
    expect(await customer.messages.markThreadRead({ orderNumber: order.orderNumber, upToMessageId: newest.id })).toEqual({ marked: 0 });

    expect(await unreadOf(order.customer, order.orderNumber)).toBe(0);
    const replyIds = replies.map((r) => r.id);
    const receipts = await t.db.select().from(messageReads).where(eq(messageReads.userId, order.customer.id));
    expect(receipts.map((r) => r.messageId).sort()).toEqual([...replyIds].sort());
    expect(receipts.every((r) => r.role === "customer" && r.storeId === "north")).toBe(true);
    const audits = await t.db
      .select()
      .from(auditLog)
      .where(and(eq(auditLog.action, "message.read"), inArray(auditLog.messageId, replyIds)));
    expect(audits).toHaveLength(3);
    expect(audits.every((a) => a.actorId === order.customer.id && a.ip === "198.51.100.9" && a.orderId === order.orderId)).toBe(true);
    await vi.waitFor(() => expect(events).toHaveLength(3));
    await settleListeners(); // and no more arrive
    expect(events.map((e) => e.messageId).sort()).toEqual([...replyIds].sort());
    expect(events.every((e) => e.userId === order.customer.id && e.orderNumber === order.orderNumber)).toBe(true);
  });

  it("leaves messages newer than the one named unread: the reader has not seen them", async () => {
    const order = await createOrderWithCustomer(t, { storeId: "north", supplierId: "acme" });
    const sid = callerFor(t, "sid@demo.test");
    const seen = await sid.messages.send({ orderNumber: order.orderNumber, content: "Seen" });
    await sid.messages.send({ orderNumber: order.orderNumber, content: "Arrived while reading" });
    expect(await callerFor(t, order.customer).messages.markThreadRead({ orderNumber: order.orderNumber, upToMessageId: seen.id })).toEqual({
      marked: 1,
    });
    expect(await unreadOf(order.customer, order.orderNumber)).toBe(1);
  });

  it("never marks an internal note for a non-admin, and treats naming one like an unknown message", async () => {
    const order = await createOrderWithCustomer(t, { storeId: "north", supplierId: "acme" });
    const admin = callerFor(t, "admin@demo.test");
    await callerFor(t, order.customer).messages.send({ orderNumber: order.orderNumber, content: "Question" });
    const reply = await admin.messages.send({ orderNumber: order.orderNumber, content: "Public reply" });
    const note = await admin.messages.send({ orderNumber: order.orderNumber, content: "Note", isInternal: true });
    const rita = callerFor(t, "rita@demo.test");
    await expect(rita.messages.markThreadRead({ orderNumber: order.orderNumber, upToMessageId: note.id })).rejects.toMatchObject({
      code: "NOT_FOUND",
    });
    // Naming the reply marks it and the question; the note created after it is not touched either way.
    expect(await rita.messages.markThreadRead({ orderNumber: order.orderNumber, upToMessageId: reply.id })).toEqual({ marked: 2 });
    const ritaId = t.actor("rita@demo.test").id;
    const noteReceipts = await t.db
      .select()
      .from(messageReads)
      .where(and(eq(messageReads.messageId, note.id), eq(messageReads.userId, ritaId)));
    expect(noteReceipts).toEqual([]);
    // An admin may name the note; of what is up to it, only the customer's question is not their own.
    expect(await admin.messages.markThreadRead({ orderNumber: order.orderNumber, upToMessageId: note.id })).toEqual({ marked: 1 });
  });

  it("marks a thread of 7,000 unread messages in one call (its audit rows go in batches)", async () => {
    const order = await createOrderWithCustomer(t, { storeId: "north", supplierId: "acme" });
    const first = await callerFor(t, "sid@demo.test").messages.send({ orderNumber: order.orderNumber, content: "first" });
    await t.db.execute(sql`
      INSERT INTO ${messages} (store_id, thread_id, sender_role, sender_id, sender_name, channel, message_type, content, created_at)
      SELECT 'north', ${first.threadId}::uuid, 'supplier', sender_id, sender_name, 'in_app', 'text', 'bulk ' || g,
             created_at + g * interval '1 millisecond'
      FROM ${messages}, generate_series(1, 6999) g WHERE ${messages.id} = ${first.id}::uuid`);
    const [newest] = await t.db
      .select({ id: messages.id })
      .from(messages)
      .where(eq(messages.threadId, first.threadId))
      .orderBy(sql`${messages.createdAt} DESC`)
      .limit(1);
    if (!newest) throw new Error("no messages");
    const result = await callerFor(t, order.customer).messages.markThreadRead({ orderNumber: order.orderNumber, upToMessageId: newest.id });
    expect(result).toEqual({ marked: 7000 });
    expect(await t.db.$count(auditLog, and(eq(auditLog.threadId, first.threadId), eq(auditLog.action, "message.read")))).toBe(7000);
  });

  it("answers a foreign order exactly as a missing one", async () => {
    const [first] = (await callerFor(t, "admin@demo.test").messages.list({ orderNumber: "ORD-1001" })).messages;
    if (!first) throw new Error("seed changed");
    const bob = callerFor(t, "bob@demo.test");
    const foreign = await bob.messages.markThreadRead({ orderNumber: "ORD-1001", upToMessageId: first.id }).catch((e: unknown) => e);
    const missing = await bob.messages.markThreadRead({ orderNumber: "ORD-9999", upToMessageId: first.id }).catch((e: unknown) => e);
    expect(foreign).toMatchObject({ code: "NOT_FOUND" });
    expect({ ...(foreign as object), message: (foreign as Error).message }).toEqual({ ...(missing as object), message: (missing as Error).message });
  });
});
