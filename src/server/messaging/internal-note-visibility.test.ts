import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Actor } from "~/server/access";
import { threads } from "~/server/db/schema";
import { createTestDatabase, type TestDatabase } from "~/test/test-database";
import { callerFor, createOrderWithCustomer } from "~/test/messaging-fixtures";

/*
 * The security review's finding: an internal note, through the thread it creates and the
 * last_message_at it moves, told non-admins that staff had written. These tests call the
 * procedures as each role would and look only at what that role gets back.
 */

let t: TestDatabase;
beforeAll(async () => {
  t = await createTestDatabase();
});
afterAll(() => t.close());

const admin = () => callerFor(t, "admin@demo.test");

/** Every non-admin who can see an order of store north fulfilled by acme: its customer, rita and sid. */
const partnersOf = (customer: Actor) => [customer, t.actor("rita@demo.test"), t.actor("sid@demo.test")];

async function inbox(who: string | Actor) {
  const { threads: listed } = await callerFor(t, who).threads.list({ limit: 100 });
  return listed.map((th) => ({ orderNumber: th.orderNumber, lastMessageAt: th.lastMessageAt }));
}

async function threadIdOf(orderId: string): Promise<string> {
  const [row] = await t.db.select({ id: threads.id }).from(threads).where(eq(threads.orderId, orderId));
  if (!row) throw new Error(`no thread for order ${orderId}`);
  return row.id;
}

describe("a thread holding only internal notes", () => {
  it("does not exist for the customer, the reseller or the supplier; admins see it", async () => {
    const order = await createOrderWithCustomer(t, { storeId: "north", supplierId: "acme" });
    const note = await admin().messages.send({ orderNumber: order.orderNumber, content: "Fraud check pending", isInternal: true });
    const threadId = await threadIdOf(order.orderId);

    for (const who of partnersOf(order.customer)) {
      const caller = callerFor(t, who);
      expect((await inbox(who)).map((th) => th.orderNumber)).not.toContain(order.orderNumber);
      const unread = await caller.threads.list({ unreadOnly: true, limit: 100 });
      expect(unread.threads.map((th) => th.orderNumber)).not.toContain(order.orderNumber);
      expect(await caller.messages.list({ orderNumber: order.orderNumber })).toEqual({ thread: null, messages: [], nextCursor: null });
      await expect(caller.threads.get({ threadId })).rejects.toMatchObject({ code: "NOT_FOUND" });
    }

    const [top] = (await admin().threads.list({})).threads;
    expect(top).toMatchObject({ id: threadId, lastMessageAt: note.createdAt, lastMessage: { isInternal: true } });
    const forAdmin = await admin().messages.list({ orderNumber: order.orderNumber });
    expect(forAdmin.thread).toMatchObject({ id: threadId, lastMessageAt: note.createdAt });
    expect(forAdmin.messages.map((m) => m.id)).toEqual([note.id]);
    expect(await admin().threads.get({ threadId })).toMatchObject({ id: threadId, lastMessageAt: note.createdAt });
  });

  it("appears to everyone with its first public message, dated by it", async () => {
    const order = await createOrderWithCustomer(t, { storeId: "north", supplierId: "acme" });
    await admin().messages.send({ orderNumber: order.orderNumber, content: "Fraud check pending", isInternal: true });
    const reply = await admin().messages.send({ orderNumber: order.orderNumber, content: "Your order is confirmed." });
    const threadId = await threadIdOf(order.orderId);

    for (const who of partnersOf(order.customer)) {
      const caller = callerFor(t, who);
      expect((await inbox(who))[0]).toEqual({ orderNumber: order.orderNumber, lastMessageAt: reply.createdAt });
      const page = await caller.messages.list({ orderNumber: order.orderNumber });
      expect(page.thread).toMatchObject({ id: threadId, lastMessageAt: reply.createdAt });
      expect(page.messages.map((m) => m.id)).toEqual([reply.id]);
      expect(await caller.threads.get({ threadId })).toMatchObject({ id: threadId, lastMessageAt: reply.createdAt });
    }
  });
});

describe("an internal note on a thread non-admins already see", () => {
  it("moves neither their lastMessageAt nor their order; a public message does", async () => {
    const order = await createOrderWithCustomer(t, { storeId: "north", supplierId: "acme" });
    const question = await callerFor(t, order.customer).messages.send({ orderNumber: order.orderNumber, content: "Where is it?" });
    // Another north/acme thread (ORD-1001) becomes newer, so ours is no longer at the top for rita and sid.
    await callerFor(t, "alice@demo.test").messages.send({ orderNumber: "ORD-1001", content: "Any news?" });
    const threadId = await threadIdOf(order.orderId);

    const viewOf = async (who: Actor) => ({
      inbox: await inbox(who),
      thread: (await callerFor(t, who).messages.list({ orderNumber: order.orderNumber })).thread,
      details: (await callerFor(t, who).threads.get({ threadId })).lastMessageAt,
    });
    const before = await Promise.all(partnersOf(order.customer).map(viewOf));
    for (const view of before) {
      expect(view.thread?.lastMessageAt).toBe(question.createdAt);
      expect(view.details).toBe(question.createdAt);
    }
    expect(before[1]?.inbox[0]?.orderNumber).toBe("ORD-1001");

    const note = await admin().messages.send({ orderNumber: order.orderNumber, content: "Chase the courier", isInternal: true });
    expect(await Promise.all(partnersOf(order.customer).map(viewOf))).toEqual(before);
    // Staff still see the note move the thread.
    expect((await admin().threads.list({})).threads[0]).toMatchObject({ id: threadId, lastMessageAt: note.createdAt });
    expect((await admin().messages.list({ orderNumber: order.orderNumber })).thread?.lastMessageAt).toBe(note.createdAt);

    const reply = await admin().messages.send({ orderNumber: order.orderNumber, content: "It ships today." });
    for (const who of partnersOf(order.customer)) {
      const view = await viewOf(who);
      expect(view.inbox[0]).toEqual({ orderNumber: order.orderNumber, lastMessageAt: reply.createdAt });
      expect(view.thread?.lastMessageAt).toBe(reply.createdAt);
      expect(view.details).toBe(reply.createdAt);
    }
  });

  it("dates a customer's reopening of a closed thread by the customer's message, not a later note", async () => {
    const order = await createOrderWithCustomer(t, { storeId: "north", supplierId: "acme" });
    await admin().messages.send({ orderNumber: order.orderNumber, content: "Please confirm the address." });
    await admin().threads.close({ orderNumber: order.orderNumber });
    const back = await callerFor(t, order.customer).messages.send({ orderNumber: order.orderNumber, content: "Still wrong." });
    await admin().messages.send({ orderNumber: order.orderNumber, content: "Customer is upset", isInternal: true });

    const page = await callerFor(t, order.customer).messages.list({ orderNumber: order.orderNumber });
    expect(page.thread).toMatchObject({ status: "open", lastMessageAt: back.createdAt });
    expect(page.messages.at(-1)?.id).toBe(back.id);
  });

  it("reopens a notes-only thread an admin closed without telling the customer it was ever closed", async () => {
    const order = await createOrderWithCustomer(t, { storeId: "north", supplierId: "acme" });
    await admin().messages.send({ orderNumber: order.orderNumber, content: "Hold: address mismatch", isInternal: true });
    await admin().threads.close({ orderNumber: order.orderNumber });
    const first = await callerFor(t, order.customer).messages.send({ orderNumber: order.orderNumber, content: "Hello?" });

    const page = await callerFor(t, order.customer).messages.list({ orderNumber: order.orderNumber });
    expect(page.thread).toMatchObject({ status: "open", closedAt: null, closedBy: null, lastMessageAt: first.createdAt });
    expect(page.messages.map((m) => m.id)).toEqual([first.id]);
  });

  it("is reopened, silently, by a partner's first public message too, so no one sees a close older than the conversation", async () => {
    const order = await createOrderWithCustomer(t, { storeId: "north", supplierId: "acme" });
    await admin().messages.send({ orderNumber: order.orderNumber, content: "Hold: address mismatch", isInternal: true });
    await admin().threads.close({ orderNumber: order.orderNumber });
    const shipped = await callerFor(t, "sid@demo.test").messages.send({ orderNumber: order.orderNumber, content: "Parcel left the warehouse" });

    for (const who of partnersOf(order.customer)) {
      const page = await callerFor(t, who).messages.list({ orderNumber: order.orderNumber });
      expect(page.thread).toMatchObject({ status: "open", closedAt: null, closedBy: null, lastMessageAt: shipped.createdAt });
      expect(page.messages.map((m) => m.id)).toEqual([shipped.id]);
    }
    // Once the conversation is visible, staff replies leave a close in place as before.
    await admin().threads.close({ orderNumber: order.orderNumber });
    await callerFor(t, "sid@demo.test").messages.send({ orderNumber: order.orderNumber, content: "Delivered" });
    expect((await callerFor(t, order.customer).messages.list({ orderNumber: order.orderNumber })).thread?.status).toBe("closed");
  });

  it("stays closed when the next message is another internal note", async () => {
    const order = await createOrderWithCustomer(t, { storeId: "north", supplierId: "acme" });
    await admin().messages.send({ orderNumber: order.orderNumber, content: "Hold", isInternal: true });
    await admin().threads.close({ orderNumber: order.orderNumber });
    await admin().messages.send({ orderNumber: order.orderNumber, content: "Still on hold", isInternal: true });
    expect((await admin().messages.list({ orderNumber: order.orderNumber })).thread?.status).toBe("closed");
  });
});

describe("a non-admin's inbox paging", () => {
  it("walks by last public message time without gaps or repeats, leaving out notes-only threads", async () => {
    // Store south, seen by sam: three threads share their public time, one is older but has a
    // newer note, one holds notes only. The admin order (by last_message_at) differs on purpose.
    const shared = new Date("2026-02-01T12:00:00.000Z");
    const hour = 3_600_000;
    const specs = [
      { lastPublicMessageAt: shared, lastMessageAt: new Date(shared.getTime() + hour) },
      { lastPublicMessageAt: shared, lastMessageAt: shared },
      { lastPublicMessageAt: shared, lastMessageAt: new Date(shared.getTime() + 3 * hour) },
      { lastPublicMessageAt: new Date(shared.getTime() - 24 * hour), lastMessageAt: new Date(shared.getTime() + 4 * hour) },
      { lastPublicMessageAt: null, lastMessageAt: new Date(shared.getTime() + 5 * hour) },
    ];
    const created: { id: string; lastPublicMessageAt: Date | null }[] = [];
    for (const spec of specs) {
      const order = await createOrderWithCustomer(t, { storeId: "south", supplierId: "globex" });
      const [row] = await t.db
        .insert(threads)
        .values({ storeId: order.storeId, orderId: order.orderId, ...spec })
        .returning({ id: threads.id, lastPublicMessageAt: threads.lastPublicMessageAt });
      if (!row) throw new Error("no thread");
      created.push(row);
    }
    const [notesOnly] = created.splice(4, 1);

    const sam = callerFor(t, "sam@demo.test");
    const everything = (await sam.threads.list({ limit: 100 })).threads;
    const ours = everything.filter((th) => created.some((c) => c.id === th.id));
    // Ties on the time fall back to id, descending, as the cursor does.
    const expected = [...created].sort(
      (a, b) => (b.lastPublicMessageAt?.getTime() ?? 0) - (a.lastPublicMessageAt?.getTime() ?? 0) || (b.id < a.id ? -1 : 1),
    );
    expect(ours.map((th) => th.id)).toEqual(expected.map((c) => c.id));
    expect(ours.map((th) => th.lastMessageAt)).toEqual(expected.map((c) => c.lastPublicMessageAt?.toISOString()));
    expect(everything.map((th) => th.id)).not.toContain(notesOnly?.id);

    const walked: string[] = [];
    let cursor: string | null = null;
    do {
      const page: Awaited<ReturnType<typeof sam.threads.list>> = await sam.threads.list({ limit: 2, cursor });
      expect(page.threads.length).toBeLessThanOrEqual(2);
      walked.push(...page.threads.map((th) => th.id));
      cursor = page.nextCursor;
    } while (cursor);
    expect(walked).toEqual(everything.map((th) => th.id));

    expect((await admin().threads.list({ limit: 100 })).threads.map((th) => th.id)).toContain(notesOnly?.id);
  });
});
