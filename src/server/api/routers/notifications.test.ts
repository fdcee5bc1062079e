import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { callerFor, createOrderWithCustomer } from "~/test/messaging-fixtures";
import { createTestDatabase, type TestDatabase } from "~/test/test-database";

/** The bell's procedures, called as each user would call them. */
let t: TestDatabase;
beforeAll(async () => {
  t = await createTestDatabase();
});
afterAll(async () => {
  await t.close();
});

describe("notifications router", () => {
  it("lists the caller's own, newest first, counts unread, marks one and then all read", async () => {
    const o = await createOrderWithCustomer(t);
    const admin = callerFor(t, "admin@demo.test");
    for (const content of ["first", "second", "third"]) await admin.messages.send({ orderNumber: o.orderNumber, content });
    const customer = callerFor(t, o.customer);
    expect(await customer.notifications.unreadCount()).toEqual({ unread: 3 });
    const page1 = await customer.notifications.list({ limit: 2 });
    expect(page1.notifications).toHaveLength(2);
    expect(page1.notifications[0]).toMatchObject({ orderNumber: o.orderNumber, title: `Ada Admin wrote on ${o.orderNumber}`, read: false });
    const page2 = await customer.notifications.list({ limit: 2, cursor: page1.nextCursor });
    expect(page2.notifications).toHaveLength(1);
    expect(page2.nextCursor).toBeNull();
    const newestFirst = [...page1.notifications, ...page2.notifications].map((n) => n.createdAt);
    expect(newestFirst).toEqual([...newestFirst].sort().reverse());

    expect(await customer.notifications.markRead({ id: page1.notifications[0]!.id })).toEqual({ marked: 1 });
    expect(await customer.notifications.markRead({ id: page1.notifications[0]!.id })).toEqual({ marked: 0 });
    expect(await customer.notifications.unreadCount()).toEqual({ unread: 2 });
    expect(await customer.notifications.markAllRead()).toEqual({ marked: 2 });
    expect(await customer.notifications.unreadCount()).toEqual({ unread: 0 });
  });

  it("nobody reads or marks someone else's notifications", async () => {
    const o = await createOrderWithCustomer(t);
    await callerFor(t, "admin@demo.test").messages.send({ orderNumber: o.orderNumber, content: "for the customer" });
    const [mine] = (await callerFor(t, o.customer).notifications.list({})).notifications;
    const bob = callerFor(t, "bob@demo.test");
    expect((await bob.notifications.list({})).notifications.map((n) => n.id)).not.toContain(mine!.id);
    await expect(bob.notifications.markRead({ id: mine!.id })).rejects.toMatchObject({ code: "NOT_FOUND" });
    await bob.notifications.markAllRead();
    expect((await callerFor(t, o.customer).notifications.list({})).notifications[0]).toMatchObject({ id: mine!.id, read: false });
  });

  it("a malformed cursor or id is a 400, not a database error", async () => {
    const alice = callerFor(t, "alice@demo.test");
    await expect(alice.notifications.list({ cursor: "nonsense" })).rejects.toMatchObject({ code: "BAD_REQUEST" });
    await expect(alice.notifications.markRead({ id: "nope" })).rejects.toMatchObject({ code: "BAD_REQUEST" });
  });
});
