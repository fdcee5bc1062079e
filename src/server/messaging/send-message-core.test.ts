import { eq, inArray, sql } from "drizzle-orm";
import { afterAll, afterEach, beforeAll, describe, expect, inject, it } from "vitest";
import { env } from "~/env";
import type { Actor } from "~/server/access";
import { noRequestMeta } from "~/server/audit/write-audit";
import { planOnce, queryRows } from "~/server/db/client";
import { attachments, deliveries, messages, orders, threads } from "~/server/db/schema";
import { onDomainEvent } from "~/server/events/domain-events";
import { createRateLimiter } from "~/server/rate-limit/rate-limiter";
import { createTestDatabase, type TestDatabase } from "~/test/test-database";
import { closeThread } from "./change-thread-status";
import { emitAfterCommit, sendMessage, writeMessage, type MessageAuthor } from "./send-message";
import { createOrderWithCustomer, settleListeners } from "~/test/messaging-fixtures";

/**
 * The send core's interface (message authors, idempotency, the outbox, the one statement), on
 * the default test database and on PGlite, the embedded default: the statement must run on both.
 */
describe.each(["default", "pglite"] as const)("send core on %s", (driver) => {
  let t: TestDatabase;
  beforeAll(async () => {
    t = await createTestDatabase(driver === "pglite" ? { driver: "pglite" } : {});
  });
  afterAll(() => t.close());

  const stopListening: (() => void)[] = [];
  afterEach(() => stopListening.splice(0).forEach((stop) => stop()));

  const asActor = (who: string | Actor): MessageAuthor => ({ kind: "actor", actor: typeof who === "string" ? t.actor(who) : who });
  const send = (author: MessageAuthor, input: Parameters<typeof sendMessage>[2]) => sendMessage(t.db, author, input, noRequestMeta);
  const messagesOf = async (orderNumber: string) =>
    t.db
      .select({ message: messages })
      .from(messages)
      .innerJoin(threads, eq(threads.id, messages.threadId))
      .innerJoin(orders, eq(orders.id, threads.orderId))
      .where(eq(orders.orderNumber, orderNumber))
      .then((rows) => rows.map((r) => r.message));
  const deliveriesOf = (messageId: string) => t.db.select().from(deliveries).where(eq(deliveries.messageId, messageId));
  const inbound = (customerId: string, providerMessageId: string, channel: "email" | "whatsapp" | "sms" = "whatsapp"): MessageAuthor => ({
    kind: "inbound",
    customerId,
    senderName: "Customer on the phone",
    channel,
    providerMessageId,
  });

  /** Statements the database driver is asked to run while `fn` runs. */
  async function statementsDuring(fn: () => Promise<unknown>): Promise<number> {
    let statements = 0;
    const client = (t.db as unknown as { $client: Record<string, unknown> }).$client;
    const restore: (() => void)[] = [];
    if (driver === "pglite") {
      // PGlite: every query and exec, and BEGIN + COMMIT for each transaction.
      for (const [method, cost] of [["query", 1], ["exec", 1], ["transaction", 2]] as const) {
        const original = client[method] as (...args: unknown[]) => unknown;
        client[method] = (...args: unknown[]) => {
          statements += cost;
          return original.apply(client, args);
        };
        restore.push(() => (client[method] = original));
      }
    } else {
      // postgres-js reads options.debug on every query it sends, BEGIN and COMMIT included; on both
      // of the database's pools (planOnce's connections keep a generic plan).
      for (const db of [t.db, planOnce(t.db)]) {
        const options = (db as unknown as { $client: { options: { debug?: unknown } } }).$client.options;
        const original = options.debug;
        options.debug = () => void statements++;
        restore.push(() => (options.debug = original));
      }
    }
    try {
      await fn();
    } finally {
      restore.forEach((undo) => undo());
    }
    return statements;
  }

  it("sends in one statement, whatever the author and whether it creates the thread or links files", async () => {
    const { orderNumber, customer } = await createOrderWithCustomer(t);
    expect(await statementsDuring(() => send(asActor(customer), { orderNumber, content: "first: creates the thread" }))).toBe(1);
    expect(await statementsDuring(() => send(asActor(customer), { orderNumber, content: "second" }))).toBe(1);
    // A supplier's access is an EXISTS over fulfilments, inside the same statement.
    expect(await statementsDuring(() => send(asActor("sid@demo.test"), { orderNumber, content: "from the supplier" }))).toBe(1);
    const [file] = await t.db
      .insert(attachments)
      .values({ uploadedBy: customer.id, fileName: "a.pdf", contentType: "application/pdf", size: 3, sha256: "x", storageKey: `k-${driver}` })
      .returning();
    expect(await statementsDuring(() => send(asActor(customer), { orderNumber, content: "", attachmentIds: [file!.id] }))).toBe(1);
    expect(await statementsDuring(() => send(inbound(customer.id, `wamid.count-${driver}`), { orderNumber, content: "hi" }))).toBe(1);
    // Refusals cost one statement too (or none, when the author's role alone decides).
    expect(await statementsDuring(() => send(asActor("bob@demo.test"), { orderNumber, content: "not mine" }).catch(() => null))).toBe(1);
    expect(
      await statementsDuring(() => send(asActor(customer), { orderNumber, content: "x", isInternal: true }).catch(() => null)),
    ).toBe(0);
  });

  it("counts sends in the same window as the shared rate limiter (key send:<user>), so both agree who is limited", async () => {
    const { orderNumber, customer } = await createOrderWithCustomer(t);
    const limiter = createRateLimiter({ name: "send", limit: env.SEND_RATE_LIMIT, windowMs: env.SEND_RATE_WINDOW_SECONDS * 1000 });
    for (let i = 0; i < env.SEND_RATE_LIMIT - 1; i++) await send(asActor(customer), { orderNumber, content: `n${i}` });
    expect(await limiter.isLimited(t.db, customer.id)).toBe(false);
    await send(asActor(customer), { orderNumber, content: "the last one allowed" });
    expect(await limiter.isLimited(t.db, customer.id)).toBe(true);
    const refused = await send(asActor(customer), { orderNumber, content: "over" }).catch((e: unknown) => e);
    expect(refused).toMatchObject({ code: "RATE_LIMITED", details: { retryAfterSeconds: expect.any(Number) } });
    const retryAfter = (refused as { details: { retryAfterSeconds: number } }).details.retryAfterSeconds;
    expect(retryAfter).toBeGreaterThanOrEqual(1);
    expect(retryAfter).toBeLessThanOrEqual(env.SEND_RATE_WINDOW_SECONDS);
    expect(await messagesOf(orderNumber)).toHaveLength(env.SEND_RATE_LIMIT);
  });

  it("enforces content length and attachment count in the domain, not only in the router", async () => {
    const { orderNumber, customer } = await createOrderWithCustomer(t);
    await expect(send(asActor(customer), { orderNumber, content: "x".repeat(env.MESSAGE_MAX_LENGTH + 1) })).rejects.toMatchObject({
      code: "INVALID",
    });
    const tooMany = Array.from({ length: env.ATTACHMENTS_PER_MESSAGE + 1 }, () => crypto.randomUUID());
    await expect(send(asActor(customer), { orderNumber, content: "files", attachmentIds: tooMany })).rejects.toMatchObject({
      code: "INVALID",
    });
    await expect(send(inbound(customer.id, "wamid.long"), { orderNumber, content: "y".repeat(env.MESSAGE_MAX_LENGTH + 1) })).rejects.toMatchObject({
      code: "INVALID",
    });
    // Provider text reaches the core without a zod schema: NUL would be a database error (500),
    // a lone surrogate would be stored rewritten.
    for (const content of ["a\u0000b", "half \uD83D pair"]) {
      await expect(send(inbound(customer.id, `wamid.bad-${content.length}`), { orderNumber, content })).rejects.toMatchObject({
        code: "INVALID",
      });
    }
    await expect(
      send({ ...inbound(customer.id, "wamid.bad-name"), senderName: "Mal\u0000lory" } as MessageAuthor, { orderNumber, content: "hi" }),
    ).rejects.toMatchObject({ code: "INVALID" });
    expect(await messagesOf(orderNumber)).toEqual([]);
  });

  it("writes a repeated (channel, providerMessageId) once and answers the first message as a duplicate", async () => {
    const { orderNumber, customer } = await createOrderWithCustomer(t);
    const created: string[] = [];
    stopListening.push(onDomainEvent("MESSAGE_CREATED", (e) => void created.push(e.messageId)));
    const first = await send(inbound(customer.id, "wamid.HBgLMTIwMjU1NTAxMDEVAgASGBQz"), { orderNumber, content: "Where is my parcel?" });
    const again = await send(inbound(customer.id, "wamid.HBgLMTIwMjU1NTAxMDEVAgASGBQz"), { orderNumber, content: "Where is my parcel?" });
    expect(first).toMatchObject({ duplicate: false, senderRole: "customer", senderId: customer.id, channel: "whatsapp", messageType: "text" });
    expect(again).toMatchObject({ duplicate: true, id: first.id, content: "Where is my parcel?", orderNumber });
    // The same id on another channel is another message.
    const sms = await send(inbound(customer.id, "wamid.HBgLMTIwMjU1NTAxMDEVAgASGBQz", "sms"), { orderNumber, content: "sms" });
    expect(sms.duplicate).toBe(false);

    const event = { kind: "system", senderName: "Shop", providerMessageId: "evt_123" } as const;
    const shipped = await send(event, { orderNumber, content: "Your order has shipped." });
    const shippedAgain = await send(event, { orderNumber, content: "Your order has shipped." });
    expect(shipped).toMatchObject({ duplicate: false, senderRole: "system", senderId: null, senderName: "Shop", messageType: "system_event" });
    expect(shippedAgain).toMatchObject({ duplicate: true, id: shipped.id });

    expect(await messagesOf(orderNumber)).toHaveLength(3);
    await settleListeners();
    expect(created.sort()).toEqual([first.id, sms.id, shipped.id].sort());
  });

  it("keeps an inbound message's original time (assigned from the unmatched queue later) and moves the thread to now", async () => {
    const { orderNumber, customer } = await createOrderWithCustomer(t);
    const sentAt = new Date("2026-11-28T09:15:00.123Z");
    const before = Date.now();
    const late = await send({ ...inbound(customer.id, `SM-late-${driver}`, "sms"), sentAt } as MessageAuthor, { orderNumber, content: "sent yesterday" });
    expect(late.createdAt).toBe(sentAt.toISOString());
    const [thread] = await t.db.select().from(threads).where(eq(threads.id, late.threadId));
    expect(thread!.lastMessageAt.getTime()).toBeGreaterThanOrEqual(before - 1000);
  });

  it("never dates an inbound message after its thread's activity, even when the provider's clock runs ahead", async () => {
    const { orderNumber, customer } = await createOrderWithCustomer(t);
    const tomorrow = new Date(Date.now() + 24 * 3600 * 1000);
    const ahead = await send({ ...inbound(customer.id, `SM-ahead-${driver}`, "sms"), sentAt: tomorrow } as MessageAuthor, { orderNumber, content: "from the future" });
    const [thread] = await t.db.select().from(threads).where(eq(threads.id, ahead.threadId));
    expect(new Date(ahead.createdAt).getTime()).toBeLessThanOrEqual(thread!.lastMessageAt.getTime());
    expect(new Date(ahead.createdAt).getTime()).toBeLessThan(tomorrow.getTime());
  });

  it("writes one message when the same provider message arrives several times at once", async () => {
    const { orderNumber, customer } = await createOrderWithCustomer(t);
    const results = await Promise.all(
      Array.from({ length: 8 }, () => send(inbound(customer.id, "SM0123456789abcdef0123456789abcdef", "sms"), { orderNumber, content: "twice?" })),
    );
    expect(new Set(results.map((r) => r.id)).size).toBe(1);
    expect(results.filter((r) => !r.duplicate)).toHaveLength(1);
    expect(await messagesOf(orderNumber)).toHaveLength(1);
  });

  it("queues one email delivery to the customer for a reseller's public reply, none for an admin's internal note", async () => {
    const { orderNumber, customer } = await createOrderWithCustomer(t, { storeId: "north" });
    const [order] = await t.db.select().from(orders).where(eq(orders.orderNumber, orderNumber));
    const reply = await send(asActor("rita@demo.test"), { orderNumber, content: "We are on it." });
    expect(await deliveriesOf(reply.id)).toEqual([
      expect.objectContaining({ channel: "email", recipient: order!.customerEmail, status: "pending", storeId: "north" }),
    ]);
    const note = await send(asActor("admin@demo.test"), { orderNumber, content: "refund risk", isInternal: true });
    expect(await deliveriesOf(note.id)).toEqual([]);
    // The customer's own messages, and a message staff record from another channel, go nowhere.
    const own = await send(asActor(customer), { orderNumber, content: "thanks" });
    expect(await deliveriesOf(own.id)).toEqual([]);
    const recorded = await send(asActor("admin@demo.test"), { orderNumber, content: "Customer phoned", channel: "sms" });
    expect(await deliveriesOf(recorded.id)).toEqual([]);
  });

  it("after an inbound WhatsApp message the next staff reply queues a WhatsApp delivery to the order's phone", async () => {
    const { orderNumber, customer } = await createOrderWithCustomer(t);
    await t.db.update(orders).set({ customerPhone: "+1 202-555-0101" }).where(eq(orders.orderNumber, orderNumber));
    const incoming = await send(inbound(customer.id, `wamid.in-${driver}`), { orderNumber, content: "Hello from WhatsApp" });
    expect(await deliveriesOf(incoming.id)).toEqual([]);
    const event = await send({ kind: "system", providerMessageId: `evt-${driver}` }, { orderNumber, content: "Shipped" });
    expect(await deliveriesOf(event.id)).toEqual([]);
    const reply = await send(asActor("sid@demo.test"), { orderNumber, content: "Ships tomorrow" });
    expect(await deliveriesOf(reply.id)).toEqual([expect.objectContaining({ channel: "whatsapp", recipient: "+1 202-555-0101" })]);
  });

  it("reopens a closed thread for an inbound customer message as for an in-app one, with the notice", async () => {
    const { orderNumber, customer } = await createOrderWithCustomer(t);
    await send(asActor(customer), { orderNumber, content: "question" });
    await closeThread(t.db, t.actor("admin@demo.test"), { orderNumber }, noRequestMeta);
    const reopened: string[] = [];
    stopListening.push(onDomainEvent("THREAD_REOPENED", (e) => void reopened.push(e.orderNumber)));
    const sent = await send(inbound(customer.id, `mail-${driver}@example.com`, "email"), { orderNumber, content: "one more" });
    const [thread] = await t.db.select().from(threads).where(eq(threads.id, sent.threadId));
    expect(thread).toMatchObject({ status: "open", closedAt: null, closedBy: null, reopenReason: "customer_message" });
    const stored = (await messagesOf(orderNumber)).sort((a, b) => a.createdAt.getTime() - b.createdAt.getTime());
    expect(stored.slice(-2).map((m) => [m.senderRole, m.messageType])).toEqual([
      ["system", "system_event"],
      ["customer", "text"],
    ]);
    await settleListeners();
    expect(reopened).toEqual([orderNumber]);
  });

  it("links only the sender's own unlinked uploads, with the same 400 as before, and stores nothing otherwise", async () => {
    const { orderNumber, customer } = await createOrderWithCustomer(t);
    const upload = async (uploadedBy: string) => {
      const [row] = await t.db
        .insert(attachments)
        .values({ uploadedBy, fileName: "f.png", contentType: "image/png", size: 1, sha256: "s", storageKey: crypto.randomUUID() })
        .returning();
      return row!.id;
    };
    const refused = { code: "INVALID", message: "Unknown or already used attachment id" };
    const others = await upload(t.actor("bob@demo.test").id);
    await expect(send(asActor(customer), { orderNumber, content: "theirs", attachmentIds: [others] })).rejects.toMatchObject(refused);
    const mine = await upload(customer.id);
    const used = await send(asActor(customer), { orderNumber, content: "mine", attachmentIds: [mine] });
    expect(used.attachments.map((a) => a.id)).toEqual([mine]);
    await expect(send(asActor(customer), { orderNumber, content: "again", attachmentIds: [mine] })).rejects.toMatchObject(refused);
    expect((await messagesOf(orderNumber)).map((m) => m.id)).toEqual([used.id]);
  });

  it("of two sends racing for one upload, one links it and the other is refused, storing nothing", async () => {
    const { orderNumber, customer } = await createOrderWithCustomer(t);
    const [file] = await t.db
      .insert(attachments)
      .values({ uploadedBy: customer.id, fileName: "f.png", contentType: "image/png", size: 1, sha256: "s", storageKey: crypto.randomUUID() })
      .returning();
    const outcomes = await Promise.allSettled(
      Array.from({ length: 4 }, (_, i) => send(asActor(customer), { orderNumber, content: `race ${i}`, attachmentIds: [file!.id] })),
    );
    expect(outcomes.filter((o) => o.status === "fulfilled")).toHaveLength(1);
    for (const o of outcomes) if (o.status === "rejected") expect(o.reason).toMatchObject({ code: "INVALID" });
    const stored = await messagesOf(orderNumber);
    expect(stored).toHaveLength(1);
    const [linked] = await t.db.select().from(attachments).where(eq(attachments.id, file!.id));
    expect(linked?.messageId).toBe(stored[0]?.id);
  });

  it("writeMessage writes inside the caller's transaction and emits nothing until told to", async () => {
    const { orderNumber, customer } = await createOrderWithCustomer(t);
    const created: string[] = [];
    stopListening.push(onDomainEvent("MESSAGE_CREATED", (e) => void created.push(e.messageId)));
    await expect(
      t.db.transaction(async (tx) => {
        await writeMessage(tx, { kind: "system", providerMessageId: `rolled-back-${driver}` }, { orderNumber, content: "status: shipped" }, noRequestMeta);
        throw new Error("the order update failed");
      }),
    ).rejects.toThrow("the order update failed");
    expect(await messagesOf(orderNumber)).toEqual([]);

    const written = await t.db.transaction((tx) =>
      writeMessage(tx, { kind: "system", providerMessageId: `committed-${driver}` }, { orderNumber, content: "status: shipped" }, noRequestMeta),
    );
    await settleListeners();
    expect(created).toEqual([]);
    emitAfterCommit(written.afterCommit);
    await settleListeners();
    expect(created).toEqual([written.message.id]);
    expect(written.afterCommit.map((e) => e.name)).toEqual(["MESSAGE_CREATED"]);
    expect(written.message).toMatchObject({ senderRole: "system", messageType: "system_event", threadId: expect.any(String) });
    expect(customer.role).toBe("customer");
  });

  it("keeps a thread's messages in the order their sends took the thread, each after the last", async () => {
    const { orderNumber, customer } = await createOrderWithCustomer(t);
    await Promise.all(Array.from({ length: 12 }, (_, i) => send(asActor(i % 2 ? customer : t.actor("admin@demo.test")), { orderNumber, content: `m${i}` })));
    const stored = await messagesOf(orderNumber);
    const times = stored.map((m) => m.createdAt.getTime());
    const [thread] = await t.db.select().from(threads).where(eq(threads.id, stored[0]!.threadId));
    expect(thread?.lastMessageAt.getTime()).toBe(Math.max(...times));
    // Distinct to the microsecond in the database: no two sends share a time.
    const [{ n } = { n: 0 }] = await t.db
      .select({ n: sql<number>`count(DISTINCT ${messages.createdAt})::int` })
      .from(messages)
      .where(inArray(messages.id, stored.map((m) => m.id)));
    expect(n).toBe(12);
  });

  // Races decided by Postgres, made deterministic: another transaction holds the row the send
  // needs and commits only once the send is waiting for it. PGlite has one connection, so these
  // run on a server.
  if (driver === "default") describe.runIf(inject("testDatabase").kind === "postgres")("when another transaction wins the row", () => {
    it("an upload linked meanwhile aborts the whole send (orderline_refuse), storing nothing", async () => {
      const { orderNumber, customer } = await createOrderWithCustomer(t);
      const first = await send(asActor(customer), { orderNumber, content: "first" });
      const [file] = await t.db
        .insert(attachments)
        .values({ uploadedBy: customer.id, fileName: "f.png", contentType: "image/png", size: 1, sha256: "s", storageKey: crypto.randomUUID() })
        .returning();
      let racing: Promise<unknown> = Promise.resolve();
      await t.db.transaction(async (tx) => {
        await tx.update(attachments).set({ messageId: first.id }).where(eq(attachments.id, file!.id));
        racing = send(asActor(customer), { orderNumber, content: "late", attachmentIds: [file!.id] }).then(
          () => "sent",
          (error: unknown) => error,
        );
        await waitUntilBlocked(t);
      });
      expect(await racing).toMatchObject({ code: "INVALID", message: "Unknown or already used attachment id" });
      expect((await messagesOf(orderNumber)).map((m) => m.content)).toEqual(["first"]);
    });

    it("a provider message written meanwhile makes the send a duplicate of it", async () => {
      const { orderNumber, customer } = await createOrderWithCustomer(t);
      const first = await send(asActor(customer), { orderNumber, content: "first" });
      let racing: Promise<Awaited<ReturnType<typeof send>>> | null = null;
      await t.db.transaction(async (tx) => {
        await tx.insert(messages).values({
          storeId: "north",
          threadId: first.threadId,
          senderRole: "customer",
          senderId: customer.id,
          senderName: "x",
          channel: "email",
          content: "from the other request",
          providerMessageId: "<race@mail.example>",
        });
        racing = send(inbound(customer.id, "<race@mail.example>", "email"), { orderNumber, content: "from this request" });
        await waitUntilBlocked(t);
      });
      expect(await racing).toMatchObject({ duplicate: true, content: "from the other request" });
      expect(await messagesOf(orderNumber)).toHaveLength(2);
    });
  });
});

/** Waits until some backend of this database waits for a lock: the racing send. */
async function waitUntilBlocked(t: TestDatabase): Promise<void> {
  for (let i = 0; i < 200; i++) {
    const rows = await queryRows<{ n: number }>(
      t.db,
      sql`SELECT count(*)::int AS n FROM pg_stat_activity WHERE datname = current_database() AND wait_event_type = 'Lock'`,
    );
    if ((rows[0]?.n ?? 0) > 0) return;
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
  throw new Error("the racing send never waited for the lock");
}
