import { eq } from "drizzle-orm";
import { ZThreadDetails } from "../api/routers/threads";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { messages, orders, threads } from "~/server/db/schema";
import { createTestDatabase, type TestDatabase } from "~/test/test-database";
import { callerFor, createOrderWithCustomer } from "~/test/messaging-fixtures";

let t: TestDatabase;
beforeAll(async () => {
  t = await createTestDatabase();
});
afterAll(() => t.close());

const inbox = async (who: string, input: Parameters<ReturnType<typeof callerFor>["threads"]["list"]>[0] = {}) =>
  (await callerFor(t, who).threads.list(input)).threads;
const orderNumbers = async (who: string, input: Parameters<typeof inbox>[1] = {}) =>
  (await inbox(who, input)).map((th) => th.orderNumber);

async function threadIdOf(orderNumber: string): Promise<string> {
  const [row] = await t.db
    .select({ id: threads.id })
    .from(threads)
    .innerJoin(orders, eq(orders.id, threads.orderId))
    .where(eq(orders.orderNumber, orderNumber));
  if (!row) throw new Error(`no thread for ${orderNumber}`);
  return row.id;
}

describe("threads.list", () => {
  it("lists only the threads each role may see, most recent first", async () => {
    expect(await orderNumbers("admin@demo.test")).toEqual(["ORD-1003", "ORD-1002", "ORD-1001"]);
    expect(await orderNumbers("alice@demo.test")).toEqual(["ORD-1003", "ORD-1001"]);
    expect(await orderNumbers("bob@demo.test")).toEqual(["ORD-1002"]);
    expect(await orderNumbers("rita@demo.test")).toEqual(["ORD-1002", "ORD-1001"]);
    expect(await orderNumbers("sam@demo.test")).toEqual(["ORD-1003"]);
    expect(await orderNumbers("sid@demo.test")).toEqual(["ORD-1003", "ORD-1001"]);
    expect(await orderNumbers("sue@demo.test")).toEqual(["ORD-1002"]);
  });

  it("never shows an internal note as a non-admin's preview or counts it as unread", async () => {
    const staff = (await inbox("admin@demo.test")).find((th) => th.orderNumber === "ORD-1001");
    expect(staff).toMatchObject({
      orderStatus: "processing",
      storeId: "north",
      customerName: "Alice Customer",
      status: "open",
      lastMessage: { senderRole: "admin", senderName: "Ada Admin", channel: "in_app", isInternal: true },
      // alice's question, the system event and sid's reply; not the admin's own note
      unreadCount: 3,
    });
    expect(staff?.lastMessage?.preview).toMatch(/^Acme confirmed stock/);

    for (const [who, unread] of [
      ["alice@demo.test", 2],
      ["rita@demo.test", 3],
      ["sid@demo.test", 2],
    ] as const) {
      const seen = (await inbox(who)).find((th) => th.orderNumber === "ORD-1001");
      expect(seen?.lastMessage).toMatchObject({
        senderRole: "supplier",
        preview: "Hello Alice, it leaves our warehouse tomorrow morning.",
        isInternal: false,
      });
      expect(seen?.unreadCount).toBe(unread);
    }
  });

  it("counts unread per caller and filters to unread threads", async () => {
    const alice = callerFor(t, "alice@demo.test");
    const unreadOf = async (orderNumber: string) =>
      (await inbox("alice@demo.test")).find((th) => th.orderNumber === orderNumber)?.unreadCount;
    expect(await unreadOf("ORD-1003")).toBe(2);

    const { messages } = await alice.messages.list({ orderNumber: "ORD-1003" });
    for (const m of messages) await alice.messages.markRead({ orderNumber: "ORD-1003", messageId: m.id });
    expect(await unreadOf("ORD-1003")).toBe(0);
    expect(await orderNumbers("alice@demo.test", { unreadOnly: true })).toEqual(["ORD-1001"]);
    // Alice's receipts are hers: the supplier still has all three ORD-1003 messages unread.
    expect((await inbox("sid@demo.test")).find((th) => th.orderNumber === "ORD-1003")?.unreadCount).toBe(3);
  });

  it("cuts the preview at 140 characters and moves the thread to the top", async () => {
    const long = `${"0123456789".repeat(20)}tail`;
    await callerFor(t, "bob@demo.test").messages.send({ orderNumber: "ORD-1002", content: long });
    const [top] = await inbox("admin@demo.test");
    expect(top?.orderNumber).toBe("ORD-1002");
    expect(top?.lastMessage?.preview).toBe(long.slice(0, 140));
    expect(top?.lastMessage?.senderRole).toBe("customer");
  });

  it("filters by status", async () => {
    await callerFor(t, "admin@demo.test").threads.close({ orderNumber: "ORD-1003" });
    expect(await orderNumbers("admin@demo.test", { status: "closed" })).toEqual(["ORD-1003"]);
    expect(await orderNumbers("alice@demo.test", { status: "open" })).toEqual(["ORD-1001"]);
  });

  it("pages with a keyset cursor without gaps or repeats, even when threads share last_message_at", async () => {
    const at = new Date("2026-02-01T12:00:00.000Z");
    for (let i = 0; i < 4; i++) {
      const order = await createOrderWithCustomer(t);
      await t.db.insert(threads).values({ storeId: order.storeId, orderId: order.orderId, lastMessageAt: at });
    }
    const everything = (await inbox("admin@demo.test", { limit: 100 })).map((th) => th.id);
    expect(everything).toHaveLength(7);

    const admin = callerFor(t, "admin@demo.test");
    const walked: string[] = [];
    let cursor: string | null = null;
    do {
      const page: Awaited<ReturnType<typeof admin.threads.list>> = await admin.threads.list({ limit: 2, cursor });
      expect(page.threads.length).toBeLessThanOrEqual(2);
      walked.push(...page.threads.map((th) => th.id));
      cursor = page.nextCursor;
    } while (cursor);
    expect(walked).toEqual(everything);
    // A thread nobody has written on yet has no last message.
    expect((await inbox("admin@demo.test", { limit: 100 })).filter((th) => th.lastMessage === null)).toHaveLength(4);
    await expect(admin.threads.list({ limit: 101 })).rejects.toMatchObject({ code: "BAD_REQUEST" });
  });
});

describe("customer waiting since", () => {
  it("dates the wait from the first customer message after the last public reply; notes and system events don't answer", async () => {
    const order = await createOrderWithCustomer(t, { storeId: "north", supplierId: "acme" });
    const customer = callerFor(t, order.customer);
    const waitingFor = async (who: string | typeof order.customer) =>
      (await callerFor(t, who).threads.list({ limit: 100 })).threads.find((th) => th.orderNumber === order.orderNumber)
        ?.customerWaitingSince;
    const staffAndPartners = ["admin@demo.test", "rita@demo.test", "sid@demo.test"];
    const seenByStaffAndPartners = async () => Promise.all(staffAndPartners.map(waitingFor));

    const first = await customer.messages.send({ orderNumber: order.orderNumber, content: "Where is my parcel?" });
    await customer.messages.send({ orderNumber: order.orderNumber, content: "Any news?" });
    await callerFor(t, "admin@demo.test").messages.send({ orderNumber: order.orderNumber, content: "Chasing acme.", isInternal: true });
    const threadId = (await t.db.select({ id: threads.id }).from(threads).where(eq(threads.orderId, order.orderId)))[0]!.id;
    await t.db.insert(messages).values({ storeId: "north", threadId, senderRole: "system", senderName: "Shop", content: "Order packed" });
    // The last message is a system event, after an internal note: the customer is still waiting.
    expect(await seenByStaffAndPartners()).toEqual(staffAndPartners.map(() => first.createdAt));
    expect(await waitingFor(order.customer)).toBeNull();

    await callerFor(t, "sid@demo.test").messages.send({ orderNumber: order.orderNumber, content: "Ships tomorrow." });
    expect(await seenByStaffAndPartners()).toEqual(staffAndPartners.map(() => null));

    const again = await customer.messages.send({ orderNumber: order.orderNumber, content: "Thanks, and the invoice?" });
    expect(await seenByStaffAndPartners()).toEqual(staffAndPartners.map(() => again.createdAt));
    await callerFor(t, "admin@demo.test").messages.send({ orderNumber: order.orderNumber, content: "Attached to your email." });
    expect(await waitingFor("admin@demo.test")).toBeNull();
  });
});

describe("unread counts", () => {
  it("stop at 100 (lists show 99+), for the thread list and the order list alike", async () => {
    const order = await createOrderWithCustomer(t, { storeId: "north", supplierId: "acme" });
    await callerFor(t, order.customer).messages.send({ orderNumber: order.orderNumber, content: "Hello?" });
    const threadId = (await t.db.select({ id: threads.id }).from(threads).where(eq(threads.orderId, order.orderId)))[0]!.id;
    const replies = (n: number) =>
      Array.from({ length: n }, (_, i) => ({ storeId: "north", threadId, senderRole: "system" as const, senderName: "Shop", content: `update ${i}` }));
    await t.db.insert(messages).values(replies(98));
    const count = async () =>
      (await callerFor(t, order.customer).threads.list({ limit: 100 })).threads.find((th) => th.id === threadId)?.unreadCount;
    expect(await count()).toBe(98);
    await t.db.insert(messages).values(replies(52));
    expect(await count()).toBe(100);
    const listed = await callerFor(t, order.customer).orders.list({});
    expect(listed.orders.find((o) => o.orderNumber === order.orderNumber)?.conversation?.unreadCount).toBe(100);
  });
});

describe("threads.get", () => {
  it("gives the thread with its order facts; contact details only to admins", async () => {
    const threadId = await threadIdOf("ORD-1001");
    const forAlice = await callerFor(t, "alice@demo.test").threads.get({ threadId });
    expect(forAlice).toMatchObject({
      id: threadId,
      orderNumber: "ORD-1001",
      orderStatus: "processing",
      storeId: "north",
      customerName: "Alice Customer",
      customerEmail: null,
      customerPhone: null,
    });
    expect(forAlice).not.toHaveProperty("replyToken");
    const forSid = await callerFor(t, "sid@demo.test").threads.get({ threadId });
    expect(forSid.customerPhone).toBeNull();
    const forAdmin = await callerFor(t, "admin@demo.test").threads.get({ threadId });
    expect(forAdmin).toMatchObject({ customerEmail: "alice@demo.test", customerPhone: "+1 202-555-0101" });
  });

  it("tells partners and admins which supplier fulfils the order, never the customer", async () => {
    const threadId = await threadIdOf("ORD-1001");
    const forAlice = await callerFor(t, "alice@demo.test").threads.get({ threadId });
    expect(forAlice).not.toHaveProperty("suppliers");
    expect(JSON.stringify(forAlice)).not.toMatch(/acme/i);
    for (const who of ["sid@demo.test", "rita@demo.test", "admin@demo.test"]) {
      expect(await callerFor(t, who).threads.get({ threadId })).toMatchObject({ suppliers: [{ id: "acme", name: "Acme Supplies" }] });
    }
  });

  it("strips suppliers from a customer's view in the output schema itself", () => {
    const leaked = {
      id: crypto.randomUUID(),
      orderNumber: "ORD-1",
      status: "open",
      lastMessageAt: new Date().toISOString(),
      closedAt: null,
      closedBy: null,
      orderStatus: "processing",
      storeId: "north",
      customerName: "A",
      customerEmail: null,
      customerPhone: null,
      viewer: "customer",
      suppliers: [{ id: "acme", name: "Acme Supplies" }],
    };
    expect(ZThreadDetails.parse(leaked)).not.toHaveProperty("suppliers");
  });

  it("answers the same 404 for a thread the caller may not see as for an unknown id", async () => {
    const threadId = await threadIdOf("ORD-1001");
    for (const who of ["bob@demo.test", "sam@demo.test", "sue@demo.test"]) {
      for (const id of [threadId, crypto.randomUUID()]) {
        await expect(callerFor(t, who).threads.get({ threadId: id })).rejects.toMatchObject({
          code: "NOT_FOUND",
          message: "Thread not found",
        });
      }
    }
    await expect(callerFor(t, "admin@demo.test").threads.get({ threadId: "nope" })).rejects.toMatchObject({ code: "BAD_REQUEST" });
  });
});
