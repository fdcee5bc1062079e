import { and, count, eq } from "drizzle-orm";
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from "vitest";
import { env } from "~/env";
import { attachments, auditLog, messages, orders, threads } from "~/server/db/schema";
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

const messageCount = async () => (await t.db.select({ n: count() }).from(messages))[0]?.n ?? 0;

async function threadOf(orderNumber: string) {
  const [row] = await t.db
    .select({ thread: threads })
    .from(threads)
    .innerJoin(orders, eq(orders.id, threads.orderId))
    .where(eq(orders.orderNumber, orderNumber));
  if (!row) throw new Error(`no thread for ${orderNumber}`);
  return row.thread;
}

describe("messages.send", () => {
  it("stores a customer's in-app message exactly as sent, with the sender taken from the session", async () => {
    const alice = t.actor("alice@demo.test");
    const content = "  <b>Hello</b> & 'bye' <script>x()</script>\n";
    const sent = await callerFor(t, alice).messages.send({
      orderNumber: "ORD-1001",
      content,
      // Not part of the input: stripped by the schema, never trusted.
      ...({ senderRole: "admin", senderName: "Mallory" } as object),
    });
    expect(sent).toMatchObject({
      orderNumber: "ORD-1001",
      senderRole: "customer",
      senderId: alice.id,
      senderName: alice.name,
      channel: "in_app",
      messageType: "text",
      content,
      isInternal: false,
      attachments: [],
      readByMe: true,
      readBy: [],
    });
    const [stored] = await t.db.select().from(messages).where(eq(messages.id, sent.id));
    expect(stored?.content).toBe(content);
    expect((await threadOf("ORD-1001")).lastMessageAt.toISOString()).toBe(stored?.createdAt.toISOString());
  });

  it("lets the supplier reply and staff record a message from another channel", async () => {
    const reply = await callerFor(t, "sid@demo.test").messages.send({ orderNumber: "ORD-1001", content: "Shipping today." });
    expect(reply).toMatchObject({ senderRole: "supplier", senderName: "Sid Supplier", channel: "in_app" });
    const call = await callerFor(t, "admin@demo.test").messages.send({
      orderNumber: "ORD-1001",
      content: "Customer phoned: leave at the door.",
      channel: "sms",
    });
    expect(call).toMatchObject({ senderRole: "admin", channel: "sms" });
  });

  it("keeps an admin's internal note out of every non-admin's view", async () => {
    const note = await callerFor(t, "admin@demo.test").messages.send({
      orderNumber: "ORD-1001",
      content: "Internal: refund risk",
      isInternal: true,
    });
    expect(note.isInternal).toBe(true);
    for (const who of ["alice@demo.test", "rita@demo.test", "sid@demo.test"]) {
      const { messages: seen } = await callerFor(t, who).messages.list({ orderNumber: "ORD-1001", limit: 100 });
      expect(seen.map((m) => m.id)).not.toContain(note.id);
      expect(seen.every((m) => !m.isInternal)).toBe(true);
    }
    const { messages: staffView } = await callerFor(t, "admin@demo.test").messages.list({ orderNumber: "ORD-1001", limit: 100 });
    expect(staffView.map((m) => m.id)).toContain(note.id);
  });

  it("refuses an internal note from anyone but an admin with 403 before anything else, storing nothing", async () => {
    const before = await messageCount();
    const attempts = [
      ["alice@demo.test", "ORD-1001"],
      ["rita@demo.test", "ORD-1001"],
      ["sid@demo.test", "ORD-1001"],
      // Even on an order they can't see, or that doesn't exist: the role decides first.
      ["bob@demo.test", "ORD-1001"],
      ["sue@demo.test", "ORD-9999"],
    ] as const;
    for (const [who, orderNumber] of attempts) {
      await expect(
        callerFor(t, who).messages.send({ orderNumber, content: "psst", isInternal: true }),
      ).rejects.toMatchObject({ code: "FORBIDDEN" });
    }
    expect(await messageCount()).toBe(before);
  });

  it("refuses another channel from non-admins with 403", async () => {
    await expect(
      callerFor(t, "alice@demo.test").messages.send({ orderNumber: "ORD-1001", content: "hi", channel: "email" }),
    ).rejects.toMatchObject({ code: "FORBIDDEN" });
  });

  it("answers 400 to blank content, content over the limit and too many attachments", async () => {
    const alice = callerFor(t, "alice@demo.test");
    const before = await messageCount();
    await expect(alice.messages.send({ orderNumber: "ORD-1001", content: " \n\t " })).rejects.toMatchObject({ code: "BAD_REQUEST" });
    await expect(
      alice.messages.send({ orderNumber: "ORD-1001", content: "x".repeat(env.MESSAGE_MAX_LENGTH + 1) }),
    ).rejects.toMatchObject({ code: "BAD_REQUEST" });
    const ids = Array.from({ length: env.ATTACHMENTS_PER_MESSAGE + 1 }, () => crypto.randomUUID());
    await expect(alice.messages.send({ orderNumber: "ORD-1001", content: "files", attachmentIds: ids })).rejects.toMatchObject({
      code: "BAD_REQUEST",
    });
    expect(await messageCount()).toBe(before);
    const longest = await alice.messages.send({ orderNumber: "ORD-1001", content: "y".repeat(env.MESSAGE_MAX_LENGTH) });
    expect(longest.content).toHaveLength(env.MESSAGE_MAX_LENGTH);
  });

  it("sends attachments without text as an 'attachment' message", async () => {
    const alice = t.actor("alice@demo.test");
    const [file] = await t.db
      .insert(attachments)
      .values({ uploadedBy: alice.id, fileName: "receipt.pdf", contentType: "application/pdf", size: 1234, sha256: "ab", storageKey: "k1" })
      .returning();
    if (!file) throw new Error("no attachment");
    const sent = await callerFor(t, alice).messages.send({ orderNumber: "ORD-1001", content: "  ", attachmentIds: [file.id] });
    expect(sent.messageType).toBe("attachment");
    expect(sent.content).toBe("  ");
    expect(sent.attachments).toEqual([
      { id: file.id, fileName: "receipt.pdf", contentType: "application/pdf", size: 1234, url: `/api/attachments/${file.id}` },
    ]);
    const { messages: listed } = await callerFor(t, "sid@demo.test").messages.list({ orderNumber: "ORD-1001", limit: 100 });
    expect(listed.find((m) => m.id === sent.id)?.attachments.map((a) => a.id)).toEqual([file.id]);
  });

  it("rolls everything back when one part fails: no thread, no message, no event", async () => {
    const { orderNumber, customer } = await createOrderWithCustomer(t);
    const events: string[] = [];
    stopListening.push(onDomainEvent("MESSAGE_CREATED", (e) => void events.push(e.messageId)));
    await expect(
      callerFor(t, customer).messages.send({ orderNumber, content: "see file", attachmentIds: [crypto.randomUUID()] }),
    ).rejects.toMatchObject({ code: "BAD_REQUEST" });
    await settleListeners();
    expect(events).toEqual([]);
    const { thread } = await callerFor(t, customer).messages.list({ orderNumber });
    expect(thread).toBeNull();
  });

  it("gives customers, resellers and suppliers the same 404 for a foreign order as for a missing one", async () => {
    const cases = [
      ["bob@demo.test", "ORD-1001"],
      ["sam@demo.test", "ORD-1001"],
      ["sue@demo.test", "ORD-1001"],
    ] as const;
    for (const [who, foreign] of cases) {
      const errors = [];
      for (const orderNumber of [foreign, "ORD-9999"]) {
        const error = await callerFor(t, who)
          .messages.send({ orderNumber, content: "hello?" })
          .catch((e: unknown) => e as { code: string; message: string });
        errors.push({ code: (error as { code: string }).code, message: (error as { message: string }).message });
      }
      expect(errors[0]).toEqual({ code: "NOT_FOUND", message: "Order not found" });
      expect(errors[1]).toEqual(errors[0]);
    }
    await expect(callerFor(t, "admin@demo.test").messages.send({ orderNumber: "ORD-9999", content: "x" })).rejects.toMatchObject({
      code: "NOT_FOUND",
    });
  });

  it("writes audit rows with the actor, role, ids and request origin", async () => {
    const { orderNumber, orderId, storeId, customer } = await createOrderWithCustomer(t);
    const request = { ip: "203.0.113.7", userAgent: "vitest" };
    const sent = await callerFor(t, customer, request).messages.send({ orderNumber, content: "first" });
    const rows = await t.db.select().from(auditLog).where(eq(auditLog.orderId, orderId));
    expect(rows.map((r) => r.action).sort()).toEqual(["message.created", "thread.created"]);
    for (const row of rows) {
      expect(row).toMatchObject({
        actorId: customer.id,
        actorRole: "customer",
        storeId,
        orderId,
        threadId: sent.threadId,
        ip: "203.0.113.7",
        userAgent: "vitest",
      });
    }
    expect(rows.find((r) => r.action === "message.created")).toMatchObject({
      messageId: sent.id,
      metadata: { channel: "in_app", isInternal: false, messageType: "text", attachmentIds: [] },
    });
  });

  it("creates exactly one thread when 20 first messages arrive at once", async () => {
    const { orderNumber, orderId, customer } = await createOrderWithCustomer(t);
    const created: DomainEvents["MESSAGE_CREATED"][] = [];
    stopListening.push(onDomainEvent("MESSAGE_CREATED", (e) => void (e.orderId === orderId && created.push(e))));
    const caller = callerFor(t, customer);
    const sent = await Promise.all(
      Array.from({ length: 20 }, (_, i) => caller.messages.send({ orderNumber, content: `message ${i}` })),
    );
    const threadRows = await t.db.select().from(threads).where(eq(threads.orderId, orderId));
    expect(threadRows).toHaveLength(1);
    expect(new Set(sent.map((m) => m.threadId))).toEqual(new Set([threadRows[0]?.id]));
    const stored = await t.db.select().from(messages).where(eq(messages.threadId, threadRows[0]?.id ?? ""));
    expect(stored).toHaveLength(20);
    const audits = await t.db
      .select()
      .from(auditLog)
      .where(and(eq(auditLog.orderId, orderId), eq(auditLog.action, "thread.created")));
    expect(audits).toHaveLength(1);
    // last_message_at is the newest message's time, whatever order the transactions committed in.
    const newest = Math.max(...stored.map((m) => m.createdAt.getTime()));
    expect(threadRows[0]?.lastMessageAt.getTime()).toBe(newest);
    await vi.waitFor(() => expect(created).toHaveLength(20));
    await settleListeners(); // and no more arrive
    expect(created.filter((e) => e.threadCreated)).toHaveLength(1);
  });

  it("reopens a closed thread when the customer writes, with a system event; staff replies leave it closed", async () => {
    const admin = callerFor(t, "admin@demo.test");
    await admin.threads.close({ orderNumber: "ORD-1003" });
    await callerFor(t, "sid@demo.test").messages.send({ orderNumber: "ORD-1003", content: "Noted." });
    expect((await threadOf("ORD-1003")).status).toBe("closed");

    const reopened: DomainEvents["THREAD_REOPENED"][] = [];
    stopListening.push(onDomainEvent("THREAD_REOPENED", (e) => void reopened.push(e)));
    const alice = t.actor("alice@demo.test");
    const sent = await callerFor(t, alice).messages.send({ orderNumber: "ORD-1003", content: "One more question" });

    const thread = await threadOf("ORD-1003");
    expect(thread).toMatchObject({ status: "open", closedAt: null, closedBy: null });
    const { messages: listed } = await callerFor(t, alice).messages.list({ orderNumber: "ORD-1003", limit: 100 });
    const last2 = listed.slice(-2);
    expect(last2[0]).toMatchObject({ senderRole: "system", messageType: "system_event", senderId: null });
    expect(last2[0]?.content).toMatch(/reopened/i);
    expect(last2[1]?.id).toBe(sent.id);
    const audit = await t.db
      .select()
      .from(auditLog)
      .where(and(eq(auditLog.threadId, thread.id), eq(auditLog.action, "thread.reopened")));
    expect(audit).toHaveLength(1);
    expect(audit[0]).toMatchObject({ actorId: alice.id, actorRole: "customer" });
    await vi.waitFor(() => expect(reopened).toHaveLength(1));
    await settleListeners(); // and no more arrive
    expect(reopened).toEqual([{ threadId: thread.id, orderNumber: "ORD-1003", storeId: "south", reopenedBy: alice.id }]);
  });

  it("emits MESSAGE_CREATED only after the commit", async () => {
    const seenCommitted: boolean[] = [];
    stopListening.push(
      onDomainEvent("MESSAGE_CREATED", async (e) => {
        // The pool hands this query another connection: it sees only committed rows.
        const rows = await t.db.select({ id: messages.id }).from(messages).where(eq(messages.id, e.messageId));
        seenCommitted.push(rows.length === 1);
      }),
    );
    const sent = await callerFor(t, "rita@demo.test").messages.send({ orderNumber: "ORD-1002", content: "Checking in" });
    // The listener's own query can take a while on a busy machine: wait for it, do not guess.
    await vi.waitFor(() => expect(seenCommitted).toEqual([true]));
    expect(sent.senderRole).toBe("reseller");
  });

  it(`limits each user to SEND_RATE_LIMIT sends per window with 429`, async () => {
    const { orderNumber, customer } = await createOrderWithCustomer(t);
    const caller = callerFor(t, customer);
    for (let i = 0; i < env.SEND_RATE_LIMIT; i++) await caller.messages.send({ orderNumber, content: `n${i}` });
    const before = await messageCount();
    await expect(caller.messages.send({ orderNumber, content: "one too many" })).rejects.toMatchObject({
      code: "TOO_MANY_REQUESTS",
    });
    expect(await messageCount()).toBe(before);
    // Another user is not affected.
    await callerFor(t, "admin@demo.test").messages.send({ orderNumber, content: "staff still can" });
  });
});
