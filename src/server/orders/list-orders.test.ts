import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { actorFromUser } from "~/server/access/actor-from-user";
import { orders, users } from "~/server/db/schema";
import { callerFor, createOrderWithCustomer } from "~/test/messaging-fixtures";
import { createTestDatabase, type TestDatabase } from "~/test/test-database";

let t: TestDatabase;
beforeAll(async () => {
  t = await createTestDatabase();
});
afterAll(() => t.close());

const orderNumbers = async (who: Parameters<typeof callerFor>[1]) =>
  (await callerFor(t, who).orders.list({ limit: 100 })).orders.map((o) => o.orderNumber);

describe("orders.list", () => {
  it("lists the orders each role may see, with or without a conversation", async () => {
    expect((await orderNumbers("alice@demo.test")).sort()).toEqual(["ORD-1001", "ORD-1003"]);
    expect(await orderNumbers("bob@demo.test")).toEqual(["ORD-1002"]);
    expect((await orderNumbers("rita@demo.test")).sort()).toEqual(["ORD-1001", "ORD-1002"]);
    expect(await orderNumbers("sam@demo.test")).toEqual(["ORD-1003"]);
    expect((await orderNumbers("sid@demo.test")).sort()).toEqual(["ORD-1001", "ORD-1003"]);
    expect(await orderNumbers("sue@demo.test")).toEqual(["ORD-1002"]);
    expect((await orderNumbers("admin@demo.test")).length).toBeGreaterThanOrEqual(3);
  });

  it("shows a new order without messages first, then its conversation once someone writes", async () => {
    const order = await createOrderWithCustomer(t, { storeId: "north", supplierId: "acme" });
    const mine = async () => (await callerFor(t, order.customer).orders.list({})).orders;
    expect(await mine()).toEqual([
      { orderNumber: order.orderNumber, orderStatus: "processing", storeId: "north", placedAt: expect.any(String), conversation: null },
    ]);

    await callerFor(t, order.customer).messages.send({ orderNumber: order.orderNumber, content: "Where is it?" });
    const reply = await callerFor(t, "sid@demo.test").messages.send({ orderNumber: order.orderNumber, content: "Packed today." });
    const [listed] = await mine();
    expect(listed?.conversation).toMatchObject({
      status: "open",
      lastMessageAt: reply.createdAt,
      lastMessage: { preview: "Packed today.", senderRole: "supplier", channel: "in_app", isInternal: false },
      unreadCount: 1,
    });
    // The supplier wrote it, so it is not unread for them; the customer's message is.
    const forSid = (await callerFor(t, "sid@demo.test").orders.list({ limit: 100 })).orders.find((o) => o.orderNumber === order.orderNumber);
    expect(forSid?.conversation?.unreadCount).toBe(1);
  });

  it("says whether the last message is the viewer's own, for the customer and for staff alike", async () => {
    const order = await createOrderWithCustomer(t, { storeId: "north", supplierId: "acme" });
    const lastFor = async (who: Parameters<typeof callerFor>[1]) =>
      (await callerFor(t, who).orders.list({ limit: 100 })).orders.find((o) => o.orderNumber === order.orderNumber)?.conversation?.lastMessage;

    await callerFor(t, order.customer).messages.send({ orderNumber: order.orderNumber, content: "Can it come on Friday?" });
    expect(await lastFor(order.customer)).toMatchObject({ preview: "Can it come on Friday?", fromMe: true });
    expect(await lastFor("admin@demo.test")).toMatchObject({ preview: "Can it come on Friday?", fromMe: false });

    await callerFor(t, "admin@demo.test").messages.send({ orderNumber: order.orderNumber, content: "Friday it is." });
    expect(await lastFor(order.customer)).toMatchObject({ preview: "Friday it is.", fromMe: false });
    expect(await lastFor("admin@demo.test")).toMatchObject({ preview: "Friday it is.", fromMe: true });
    // The inbox list says the same from the same rule.
    const [row] = (await callerFor(t, "admin@demo.test").threads.list({ limit: 100 })).threads.filter((r) => r.orderNumber === order.orderNumber);
    expect(row?.lastMessage).toMatchObject({ fromMe: true });
  });

  it("reports a notes-only thread as no conversation to everyone but admins, hiding its close too", async () => {
    const order = await createOrderWithCustomer(t, { storeId: "north", supplierId: "acme" });
    const admin = callerFor(t, "admin@demo.test");
    await admin.messages.send({ orderNumber: order.orderNumber, content: "Fraud check", isInternal: true });
    await admin.threads.close({ orderNumber: order.orderNumber });

    for (const who of [order.customer, t.actor("rita@demo.test"), t.actor("sid@demo.test")]) {
      const listed = (await callerFor(t, who).orders.list({ limit: 100 })).orders.find((o) => o.orderNumber === order.orderNumber);
      expect(listed, who.email).toMatchObject({ orderNumber: order.orderNumber, conversation: null });
      expect(JSON.stringify(listed)).not.toContain("Fraud check");
    }
    const forAdmin = (await admin.orders.list({ limit: 100 })).orders.find((o) => o.orderNumber === order.orderNumber);
    expect(forAdmin?.conversation).toMatchObject({ status: "closed", lastMessage: { preview: "Fraud check", isInternal: true } });
  });

  it("walks a long list by cursor without gaps or repeats, even when orders share a timestamp", async () => {
    const [customer] = await t.db.insert(users).values({ email: "many-orders@test.example", name: "Many", role: "customer" }).returning();
    if (!customer) throw new Error("no user");
    const placed = new Date("2026-03-01T10:00:00.123456Z");
    const numbers = Array.from({ length: 7 }, (_, i) => `ORD-MANY-${i}`);
    await t.db.insert(orders).values(
      numbers.map((orderNumber, i) => ({
        orderNumber,
        storeId: "north",
        customerId: customer.id,
        customerName: "Many",
        customerEmail: customer.email,
        // Three share one instant, so the id decides their order.
        createdAt: i < 3 ? placed : new Date(placed.getTime() + i * 1000),
      })),
    );
    const caller = callerFor(t, actorFromUser(customer));
    const seen: string[] = [];
    let cursor: string | null = null;
    do {
      const page: Awaited<ReturnType<typeof caller.orders.list>> = await caller.orders.list({ limit: 3, cursor });
      expect(page.orders.length).toBeLessThanOrEqual(3);
      seen.push(...page.orders.map((o) => o.orderNumber));
      cursor = page.nextCursor;
    } while (cursor);
    expect(seen).toHaveLength(7);
    expect(new Set(seen)).toEqual(new Set(numbers));
    expect(seen.slice(0, 4)).toEqual(["ORD-MANY-6", "ORD-MANY-5", "ORD-MANY-4", "ORD-MANY-3"]);
  });

  it("refuses a cursor it did not issue with 400", async () => {
    await expect(callerFor(t, "alice@demo.test").orders.list({ cursor: "bm90LWEtY3Vyc29y" })).rejects.toMatchObject({ code: "BAD_REQUEST" });
  });
});
