import { eq, sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Actor } from "~/server/access";
import { messageReads, messages, threads } from "~/server/db/schema";
import { callerFor, createOrderWithCustomer } from "~/test/messaging-fixtures";
import { createTestDatabase, type TestDatabase } from "~/test/test-database";
import { UNREAD_LEAD_IN } from "./thread-window";

let t: TestDatabase;
beforeAll(async () => {
  t = await createTestDatabase();
});
afterAll(() => t.close());

type Caller = ReturnType<typeof callerFor>;
type WindowPage = Awaited<ReturnType<Caller["messages"]["window"]>>;

/** Every page from `cursor` on in one direction, as the thread view loads them while scrolling. */
async function walkFrom(caller: Caller, orderNumber: string, cursor: string | null, toward: "older" | "newer") {
  const pages: WindowPage[] = [];
  let next: string | null = cursor;
  while (next && pages.length < 20) {
    const page: WindowPage = await caller.messages.window({ orderNumber, cursor: next });
    pages.push(page);
    next = toward === "older" ? page.olderCursor : page.newerCursor;
  }
  return pages;
}

describe("the thread view opens at the first unread message further back, and pages both ways", () => {
  let orderNumber: string;
  let customer: Actor;
  let visibleIds: string[];

  beforeAll(async () => {
    const order = await createOrderWithCustomer(t);
    orderNumber = order.orderNumber;
    customer = order.customer;
    const [thread] = await t.db.insert(threads).values({ storeId: order.storeId, orderId: order.orderId }).returning();
    if (!thread) throw new Error("no thread");
    const admin = t.actor("admin@demo.test");
    // 140 staff messages (every tenth an internal note), a second apart: 126 the customer may read,
    // more than two pages of 50.
    const rows = Array.from({ length: 140 }, (_, i) => ({
      storeId: order.storeId,
      threadId: thread.id,
      senderRole: "admin" as const,
      senderId: admin.id,
      senderName: admin.name,
      content: `message ${i}`,
      isInternal: i % 10 === 9,
      createdAt: sql`'2026-02-01T00:00:00Z'::timestamptz + ${i} * interval '1 second'`,
    }));
    await t.db.insert(messages).values(rows);
    const newest = (publicOnly: boolean) =>
      sql`(SELECT max(created_at) FROM messages WHERE thread_id = ${thread.id} ${publicOnly ? sql`AND NOT is_internal` : sql``})`;
    await t.db.update(threads).set({ lastMessageAt: newest(false), lastPublicMessageAt: newest(true) }).where(eq(threads.id, thread.id));
    const ordered = await t.db
      .select({ id: messages.id, isInternal: messages.isInternal })
      .from(messages)
      .where(eq(messages.threadId, thread.id))
      .orderBy(messages.createdAt, messages.id);
    visibleIds = ordered.filter((m) => !m.isInternal).map((m) => m.id);
    // The customer read the first 20 they could see; the 21st is their first unread, 106 from the end.
    await t.db.insert(messageReads).values(
      visibleIds.slice(0, 20).map((messageId) => ({ messageId, userId: customer.id, storeId: order.storeId, role: "customer" as const })),
    );
  });

  it("opens a few messages above the first unread one, which is more than a page back", async () => {
    const caller = callerFor(t, customer);
    const { cursor } = await caller.messages.opening({ orderNumber });
    expect(cursor).not.toBeNull();

    const first = await caller.messages.window({ orderNumber, cursor });
    expect(first.viewer).toBe("customer");
    expect(first.messages.map((m) => m.id)).toEqual(visibleIds.slice(20 - UNREAD_LEAD_IN, 20 - UNREAD_LEAD_IN + 50));
    // The lead-in is read; the first unread message follows it.
    expect(first.messages.slice(0, UNREAD_LEAD_IN).every((m) => m.readByMe)).toBe(true);
    expect(first.messages.findIndex((m) => !m.readByMe)).toBe(UNREAD_LEAD_IN);
    expect(first.messages.some((m) => m.isInternal)).toBe(false);
    expect(first.olderCursor).not.toBeNull();
    expect(first.newerCursor).not.toBeNull();

    // Scrolling down loads the newer pages to the newest message; scrolling up the older ones to
    // the first. Together: the whole thread as the customer may read it, each message once.
    const newer = await walkFrom(caller, orderNumber, first.newerCursor, "newer");
    const older = await walkFrom(caller, orderNumber, first.olderCursor, "older");
    expect(newer.map((p) => p.messages.length)).toEqual([50, 126 - 15 - 50 - 50]);
    expect(newer.at(-1)?.newerCursor).toBeNull();
    expect(older.map((p) => p.messages.length)).toEqual([15]);
    expect(older.at(-1)?.olderCursor).toBeNull();
    const whole = [...older.toReversed(), first, ...newer].flatMap((p) => p.messages.map((m) => m.id));
    expect(whole).toEqual(visibleIds);
  });

  it("gives the same window again from the opening cursor once the unread messages are read", async () => {
    const caller = callerFor(t, customer);
    const { cursor } = await caller.messages.opening({ orderNumber });
    const before = await caller.messages.window({ orderNumber, cursor });
    await caller.messages.markThreadRead({ orderNumber, upToMessageId: before.messages.at(-1)!.id });

    // A refetch of the infinite query asks with the first page's cursor: the window must not move.
    const again = await caller.messages.window({ orderNumber, cursor });
    expect(again.messages.map((m) => m.id)).toEqual(before.messages.map((m) => m.id));
    expect(again.messages.every((m) => m.readByMe)).toBe(true);
    // The next visit opens further on, where the reader stopped (still more than a page from the end).
    const later = await caller.messages.window({ orderNumber, cursor: (await caller.messages.opening({ orderNumber })).cursor });
    expect(later.messages[UNREAD_LEAD_IN]?.id).toBe(visibleIds[20 - UNREAD_LEAD_IN + 50]);
  });

  it("opens at the newest page when the first unread message is on it, or nothing is unread", async () => {
    const caller = callerFor(t, customer);
    await caller.messages.markThreadRead({ orderNumber, upToMessageId: visibleIds.at(-31)! });
    expect(await caller.messages.opening({ orderNumber })).toEqual({ cursor: null });
    const newest = await caller.messages.window({ orderNumber });
    expect(newest.messages.map((m) => m.id)).toEqual(visibleIds.slice(-50));
    expect(newest.messages.findIndex((m) => !m.readByMe)).toBe(50 - 30);
    expect(newest.newerCursor).toBeNull();
    expect(newest.olderCursor).not.toBeNull();

    // The admin wrote them all: nothing is unread for them.
    expect(await callerFor(t, "admin@demo.test").messages.opening({ orderNumber })).toEqual({ cursor: null });
  });

  it("starts at the thread's first message when fewer than the lead-in come before the first unread", async () => {
    // Rita (the store's reseller) has read nothing: her first unread message is the first one.
    const rita = callerFor(t, "rita@demo.test");
    const { cursor } = await rita.messages.opening({ orderNumber, limit: 30 });
    const first = await rita.messages.window({ orderNumber, cursor, limit: 30 });
    expect(first.messages.map((m) => m.id)).toEqual(visibleIds.slice(0, 30));
    expect(first.olderCursor).toBeNull();
    expect(first.newerCursor).not.toBeNull();
  });

  it("answers 404 for an order the caller may not see, exactly as for a missing one, and 400 for a foreign cursor", async () => {
    const bob = callerFor(t, "bob@demo.test");
    for (const number of [orderNumber, "ORD-9999"]) {
      await expect(bob.messages.opening({ orderNumber: number })).rejects.toMatchObject({ code: "NOT_FOUND", message: "Order not found" });
      await expect(bob.messages.window({ orderNumber: number })).rejects.toMatchObject({ code: "NOT_FOUND", message: "Order not found" });
    }
    const caller = callerFor(t, customer);
    for (const cursor of ["newer:bm90LWEtY3Vyc29y", "sideways:x", "older:start"]) {
      await expect(caller.messages.window({ orderNumber, cursor })).rejects.toMatchObject({ code: "BAD_REQUEST" });
    }
  });

  it("opens at a search hit far back, in the first window with a few messages above it", async () => {
    const admin = callerFor(t, "admin@demo.test");
    // The 11th message the customer may see: over two pages (of 50) from the newest.
    const hit = visibleIds[10]!;
    const { cursor } = await admin.messages.opening({ orderNumber, messageId: hit });
    const first = await admin.messages.window({ orderNumber, cursor });
    const ids = first.messages.map((m) => m.id);
    // The admin also sees internal notes, so count the lead-in in the admin's own window.
    expect(ids.indexOf(hit)).toBe(UNREAD_LEAD_IN);
    expect(first.olderCursor).not.toBeNull();

    // The customer's window holds it too, though she has read past it and nothing unread is near.
    const customerFirst = await callerFor(t, customer).messages.window({
      orderNumber,
      cursor: (await callerFor(t, customer).messages.opening({ orderNumber, messageId: hit })).cursor,
    });
    expect(customerFirst.messages.map((m) => m.id)).toEqual(visibleIds.slice(10 - UNREAD_LEAD_IN, 10 - UNREAD_LEAD_IN + 50));
  });

  it("opens at the newest page for a hit on it", async () => {
    const caller = callerFor(t, customer);
    expect(await caller.messages.opening({ orderNumber, messageId: visibleIds.at(-3)! })).toEqual({ cursor: null });
  });

  it("answers 404 for a hit the caller may not see: an internal note, another order's message, or an order not theirs", async () => {
    // "message 9" is the first internal note (every tenth is one).
    const [{ id: note }] = (await t.db.select({ id: messages.id }).from(messages).where(eq(messages.content, "message 9"))) as [{ id: string }];
    const partner = callerFor(t, "rita@demo.test");
    await expect(partner.messages.opening({ orderNumber, messageId: note })).rejects.toMatchObject({ code: "NOT_FOUND", message: "Message not found" });
    // The admin may open at the note.
    expect((await callerFor(t, "admin@demo.test").messages.opening({ orderNumber, messageId: note })).cursor).not.toBeNull();

    const other = await createOrderWithCustomer(t);
    const [otherThread] = await t.db.insert(threads).values({ storeId: other.storeId, orderId: other.orderId }).returning();
    const [foreign] = await t.db
      .insert(messages)
      .values({ storeId: other.storeId, threadId: otherThread!.id, senderRole: "customer", senderId: other.customer.id, senderName: other.customer.name, content: "elsewhere" })
      .returning();
    const caller = callerFor(t, customer);
    for (const messageId of [foreign!.id, "00000000-0000-4000-8000-000000000000"]) {
      await expect(caller.messages.opening({ orderNumber, messageId })).rejects.toMatchObject({ code: "NOT_FOUND", message: "Message not found" });
    }
    // On an order that is not theirs the answer is the order's 404, whichever message is named.
    await expect(callerFor(t, "bob@demo.test").messages.opening({ orderNumber, messageId: visibleIds[10]! })).rejects.toMatchObject({
      code: "NOT_FOUND",
      message: "Order not found",
    });
    await expect(caller.messages.opening({ orderNumber, messageId: "not-a-uuid" })).rejects.toMatchObject({ code: "BAD_REQUEST" });
  });

  it("answers no thread and no cursors for an order nobody has written on", async () => {
    const fresh = await createOrderWithCustomer(t);
    const caller = callerFor(t, fresh.customer);
    expect(await caller.messages.opening({ orderNumber: fresh.orderNumber })).toEqual({ cursor: null });
    expect(await caller.messages.window({ orderNumber: fresh.orderNumber })).toEqual({
      viewer: "customer",
      thread: null,
      messages: [],
      olderCursor: null,
      newerCursor: null,
    });
  });
});

describe("read receipts name the reader for staff and partners only", () => {
  it("gives admins and partners each reader's name, role and time, and customers none of it", async () => {
    const order = await createOrderWithCustomer(t, { storeId: "north", supplierId: "acme" });
    const { orderNumber } = order;
    const customer = callerFor(t, order.customer);
    const asked = await customer.messages.send({ orderNumber, content: "Is it packed?" });
    const reply = await callerFor(t, "sid@demo.test").messages.send({ orderNumber, content: "Packed this morning." });
    await callerFor(t, "admin@demo.test").messages.markRead({ orderNumber, messageId: asked.id });
    await callerFor(t, "rita@demo.test").messages.markRead({ orderNumber, messageId: asked.id });
    await customer.messages.markRead({ orderNumber, messageId: reply.id });

    for (const who of ["admin@demo.test", "rita@demo.test", "sid@demo.test"]) {
      const page = await callerFor(t, who).messages.window({ orderNumber });
      expect(page.viewer, who).toBe(t.actor(who).role);
      expect(page.messages.find((m) => m.id === asked.id)?.readBy, who).toEqual([
        { userId: t.actor("admin@demo.test").id, role: "admin", name: "Ada Admin", readAt: expect.any(String) },
        { userId: t.actor("rita@demo.test").id, role: "reseller", name: "Rita Reseller", readAt: expect.any(String) },
      ]);
      expect(page.messages.find((m) => m.id === reply.id)?.readBy, who).toEqual([
        { userId: order.customer.id, role: "customer", name: order.customer.name, readAt: expect.any(String) },
      ]);
    }

    // The customer learns that the shop read theirs (roles and times, as the REST contract gives
    // them), never by whom: no receipt carries a name, and neither reader's name is in the answer.
    const own = await customer.messages.window({ orderNumber });
    expect(own.viewer).toBe("customer");
    const receipts = own.messages.find((m) => m.id === asked.id)?.readBy ?? [];
    expect(receipts.map((r) => r.role)).toEqual(["admin", "reseller"]);
    for (const receipt of receipts) expect(Object.keys(receipt).sort()).toEqual(["readAt", "role", "userId"]);
    expect(JSON.stringify(own)).not.toContain("Ada Admin");
    expect(JSON.stringify(own)).not.toContain("Rita Reseller");

    // The REST contract's list keeps its receipt shape for everyone.
    const rest = await callerFor(t, "admin@demo.test").messages.list({ orderNumber });
    const listed = rest.messages.find((m) => m.id === asked.id)?.readBy ?? [];
    for (const receipt of listed) expect(Object.keys(receipt).sort()).toEqual(["readAt", "role", "userId"]);
  });
});
