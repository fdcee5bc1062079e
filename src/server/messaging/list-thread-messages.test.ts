import { eq, sql } from "drizzle-orm";
import type { Actor } from "~/server/access";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { messages, threads } from "~/server/db/schema";
import { createTestDatabase, type TestDatabase } from "~/test/test-database";
import { callerFor, createOrderWithCustomer } from "~/test/messaging-fixtures";

let t: TestDatabase;
beforeAll(async () => {
  t = await createTestDatabase();
});
afterAll(() => t.close());

describe("messages.list", () => {
  it("shows the seeded thread oldest first, with internal notes only for admins", async () => {
    const admin = await callerFor(t, "admin@demo.test").messages.list({ orderNumber: "ORD-1001" });
    expect(admin.thread).toMatchObject({ orderNumber: "ORD-1001", status: "open", closedAt: null, closedBy: null });
    expect(admin.messages.map((m) => m.senderRole)).toEqual(["customer", "system", "supplier", "admin"]);
    expect(admin.messages.filter((m) => m.isInternal)).toHaveLength(1);
    expect(admin.nextCursor).toBeNull();

    for (const who of ["alice@demo.test", "rita@demo.test", "sid@demo.test"]) {
      const page = await callerFor(t, who).messages.list({ orderNumber: "ORD-1001" });
      expect(page.messages.map((m) => m.senderRole)).toEqual(["customer", "system", "supplier"]);
      expect(page.thread?.id).toBe(admin.thread?.id);
    }
  });

  it("tracks read receipts: readByMe per caller, readBy for everyone, own messages read", async () => {
    const alice = callerFor(t, "alice@demo.test");
    const aliceId = t.actor("alice@demo.test").id;
    const first = await alice.messages.list({ orderNumber: "ORD-1001" });
    const [own, system, reply] = first.messages;
    if (!own || !system || !reply) throw new Error("seed changed");
    expect(own).toMatchObject({ senderId: aliceId, readByMe: true, readBy: [] });
    expect(reply).toMatchObject({ readByMe: false, readBy: [] });

    const receipt = await alice.messages.markRead({ orderNumber: "ORD-1001", messageId: reply.id });
    const again = await alice.messages.markRead({ orderNumber: "ORD-1001", messageId: reply.id });
    expect(again).toEqual(receipt);

    const after = await alice.messages.list({ orderNumber: "ORD-1001" });
    const replyNow = after.messages.find((m) => m.id === reply.id);
    expect(replyNow).toMatchObject({ readByMe: true, readBy: [{ userId: aliceId, role: "customer", readAt: receipt.readAt }] });
    expect(after.messages.find((m) => m.id === system.id)?.readByMe).toBe(false);

    const staffView = await callerFor(t, "admin@demo.test").messages.list({ orderNumber: "ORD-1001" });
    expect(staffView.messages.find((m) => m.id === reply.id)).toMatchObject({
      readByMe: false,
      readBy: [{ userId: aliceId, role: "customer" }],
    });
  });

  it("answers thread null and no messages for an order nobody has written on yet", async () => {
    const { orderNumber, customer } = await createOrderWithCustomer(t);
    expect(await callerFor(t, customer).messages.list({ orderNumber })).toEqual({ thread: null, messages: [], nextCursor: null });
    expect((await callerFor(t, "rita@demo.test").messages.list({ orderNumber })).thread).toBeNull();
  });

  it("gives the same 404 for a foreign order as for a missing one, per role", async () => {
    for (const [who, foreign] of [
      ["bob@demo.test", "ORD-1001"],
      ["sam@demo.test", "ORD-1002"],
      ["sue@demo.test", "ORD-1003"],
    ] as const) {
      const caller = callerFor(t, who);
      const outcomes = await Promise.all(
        [foreign, "ORD-9999"].map((orderNumber) =>
          caller.messages.list({ orderNumber }).then(
            () => "ok",
            (e: { code: string; message: string }) => `${e.code}: ${e.message}`,
          ),
        ),
      );
      expect(outcomes).toEqual(["NOT_FOUND: Order not found", "NOT_FOUND: Order not found"]);
    }
    await expect(callerFor(t, "admin@demo.test").messages.list({ orderNumber: "ORD-9999" })).rejects.toMatchObject({
      code: "NOT_FOUND",
    });
  });

  describe("keyset paging over 120 messages", () => {
    let orderNumber: string;
    let allIds: string[];
    let visibleIds: string[];
    let customer: Actor;

    beforeAll(async () => {
      const order = await createOrderWithCustomer(t);
      orderNumber = order.orderNumber;
      customer = order.customer;
      const [thread] = await t.db.insert(threads).values({ storeId: order.storeId, orderId: order.orderId }).returning();
      if (!thread) throw new Error("no thread");
      const admin = t.actor("admin@demo.test");
      // Groups of 7 share a millisecond and differ only in microseconds (which a JS Date drops),
      // and within a group several share the exact time, so the cursor needs both its microseconds
      // and the id tie-break.
      const rows = Array.from({ length: 120 }, (_, i) => ({
        storeId: order.storeId,
        threadId: thread.id,
        senderRole: "admin" as const,
        senderId: admin.id,
        senderName: admin.name,
        content: `message ${i}`,
        isInternal: i % 10 === 9,
        createdAt: sql`'2026-01-01T00:00:00Z'::timestamptz + ${Math.floor(i / 7)} * interval '1 second' + ${i % 3} * interval '1 microsecond'`,
      }));
      const inserted = await t.db.insert(messages).values(rows).returning({ id: messages.id });
      // Written straight to the table, so the thread's times are set here as sendMessage would.
      const newest = (publicOnly: boolean) =>
        sql`(SELECT max(created_at) FROM messages WHERE thread_id = ${thread.id} ${publicOnly ? sql`AND NOT is_internal` : sql``})`;
      await t.db
        .update(threads)
        .set({ lastMessageAt: newest(false), lastPublicMessageAt: newest(true) })
        .where(eq(threads.id, thread.id));
      const ordered = await t.db
        .select({ id: messages.id, isInternal: messages.isInternal })
        .from(messages)
        .where(eq(messages.threadId, thread.id))
        .orderBy(messages.createdAt, messages.id);
      expect(ordered).toHaveLength(inserted.length);
      allIds = ordered.map((m) => m.id);
      visibleIds = ordered.filter((m) => !m.isInternal).map((m) => m.id);
    });

    const walk = async (who: string | Actor, limit?: number) => {
      const caller = callerFor(t, who);
      const seen: string[] = [];
      const sizes: number[] = [];
      let cursor: string | null = null;
      do {
        const page: Awaited<ReturnType<typeof caller.messages.list>> = await caller.messages.list({ orderNumber, cursor, limit });
        seen.push(...page.messages.map((m) => m.id));
        sizes.push(page.messages.length);
        cursor = page.nextCursor;
      } while (cursor);
      return { seen, sizes };
    };

    it("walks every message once, in order, for an admin", async () => {
      const { seen, sizes } = await walk("admin@demo.test", 25);
      expect(seen).toEqual(allIds);
      expect(sizes).toEqual([25, 25, 25, 25, 20]);
    });

    it("walks the customer's view without internal notes, with the default page of 50", async () => {
      const { seen, sizes } = await walk(customer);
      expect(seen).toEqual(visibleIds);
      expect(sizes).toEqual([50, 50, 8]);
    });

    it("walks backward from the newest page, each page oldest first (the thread view's way)", async () => {
      for (const [who, expected, limit, sizes] of [
        ["admin@demo.test", allIds, 25, [25, 25, 25, 25, 20]],
        [customer, visibleIds, undefined, [50, 50, 8]],
      ] as const) {
        const caller = callerFor(t, who);
        const pages: string[][] = [];
        let cursor: string | null = null;
        do {
          const page: Awaited<ReturnType<typeof caller.messages.list>> = await caller.messages.list({ orderNumber, cursor, limit, start: "newest" });
          pages.push(page.messages.map((m) => m.id));
          cursor = page.nextCursor;
        } while (cursor && pages.length < 10);
        expect(pages.map((p) => p.length)).toEqual(sizes);
        // The first page holds the newest messages; read in reverse, the pages are the thread.
        expect(pages[0]).toEqual(expected.slice(-sizes[0]!));
        expect(pages.toReversed().flat()).toEqual(expected);
      }
    });

    it("ends on an exact page with nextCursor null", async () => {
      const { sizes } = await walk("admin@demo.test", 40);
      expect(sizes).toEqual([40, 40, 40]);
    });

    it("refuses a limit over 100 and a cursor it did not issue with 400", async () => {
      const admin = callerFor(t, "admin@demo.test");
      await expect(admin.messages.list({ orderNumber, limit: 101 })).rejects.toMatchObject({ code: "BAD_REQUEST" });
      await expect(admin.messages.list({ orderNumber, cursor: "bm90LWEtY3Vyc29y" })).rejects.toMatchObject({
        code: "BAD_REQUEST",
      });
    });
  });
});
