import { and, eq, sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestDatabase, type TestDatabase } from "~/test/test-database";
import { callerFor } from "~/test/messaging-fixtures";
import type { Actor } from "../access";
import { queryRows } from "../db/client";
import { messages, unreadThreads } from "../db/schema";
import { listThreads } from "../messaging/list-threads";
import { refreshUnreadThreads, UNREAD_SMALL_SET_THREADS } from "./refresh-unread-threads";
import { buildSearchQuery, searchMessages } from "./search-messages";

let t: TestDatabase;
let admin: Actor;
const BULK_THREADS = 2 * UNREAD_SMALL_SET_THREADS;

/** The seed plus enough threads, each with one message nobody has read, for a large unread set. */
beforeAll(async () => {
  t = await createTestDatabase();
  admin = t.actor("admin@demo.test");
  await t.db.execute(sql`
    WITH o AS (
      INSERT INTO orders (store_id, order_number, customer_name, customer_email)
      SELECT 'north', 'BULK-' || g, 'Bulk ' || g, 'bulk' || g || '@example.test' FROM generate_series(1, ${BULK_THREADS}) g
      RETURNING id, store_id, substr(order_number, 6)::int AS n
    ), th AS (
      INSERT INTO threads (store_id, order_id, last_message_at, last_public_message_at)
      SELECT store_id, id, now() - n * interval '1 minute' - interval '1 hour', now() - n * interval '1 minute' - interval '1 hour' FROM o
      RETURNING id, store_id, last_message_at
    )
    INSERT INTO messages (store_id, thread_id, sender_role, sender_name, content, created_at)
    SELECT store_id, id, 'system', 'Shop', 'bulk news', last_message_at FROM th`);
  // Every third bulk message read: the set still holds them until pruned, readers must skip them.
  await t.db.execute(sql`
    INSERT INTO message_reads (message_id, user_id, store_id, role)
    SELECT id, ${admin.id}::uuid, store_id, 'admin' FROM messages WHERE content = 'bulk news' AND (extract(epoch FROM created_at)::bigint / 60) % 3 = 0`);
});
afterAll(() => t.close());

async function allPages<T>(first: (cursor: string | null) => Promise<{ items: T[]; nextCursor: string | null }>): Promise<T[]> {
  const out: T[] = [];
  for (let cursor: string | null = null, pages = 0; ; pages++) {
    expect(pages).toBeLessThan(100);
    const page = await first(cursor);
    out.push(...page.items);
    if (!page.nextCursor) return out;
    cursor = page.nextCursor;
  }
}

describe("a large unread set (the time walk probes the set per row)", () => {
  it("is large", async () => {
    expect(await refreshUnreadThreads(t.db, admin)).toEqual({ complete: true, small: false });
  });

  it("inbox unreadOnly: the same threads, in the same order, as a receipt probe per thread", async () => {
    const expected = (
      await queryRows<{ id: string }>(
        t.db,
        sql`SELECT threads.id FROM threads
            WHERE EXISTS (SELECT 1 FROM messages WHERE messages.thread_id = threads.id
                            AND messages.sender_id IS DISTINCT FROM ${admin.id}::uuid
                            AND NOT EXISTS (SELECT 1 FROM message_reads WHERE message_id = messages.id AND user_id = ${admin.id}::uuid))
            ORDER BY threads.last_message_at DESC, threads.id DESC`,
      )
    ).map((r) => r.id);
    expect(expected.length).toBeGreaterThan(UNREAD_SMALL_SET_THREADS / 2);
    const listed = await allPages(async (cursor) => {
      const page = await listThreads(t.db, admin, { unreadOnly: true, limit: 100, cursor });
      return { items: page.threads.map((th) => th.id), nextCursor: page.nextCursor };
    });
    expect(listed).toEqual(expected);
  });

  it("search unread=true: the same messages, in the same order, as a receipt probe per message", async () => {
    const expected = (
      await queryRows<{ id: string }>(
        t.db,
        sql`SELECT messages.id FROM messages
            WHERE messages.sender_id IS DISTINCT FROM ${admin.id}::uuid
              AND NOT EXISTS (SELECT 1 FROM message_reads WHERE message_id = messages.id AND user_id = ${admin.id}::uuid)
            ORDER BY messages.created_at DESC, messages.id DESC`,
      )
    ).map((r) => r.id);
    const found = await allPages(async (cursor) => {
      const page = await searchMessages(t.db, admin, { unread: true, limit: 100, ...(cursor ? { cursor } : {}) });
      return { items: page.results.map((r) => r.message.id), nextCursor: page.nextCursor };
    });
    expect(found).toEqual(expected);
  });

  it("search unread=true walks messages by time and probes the set in a subplan, so no guess of the set's size can make it drive", async () => {
    const { query } = await buildSearchQuery(t.db, admin, { unread: true, limit: 50 });
    const plan = (await queryRows<{ "QUERY PLAN": string }>(t.db, sql`EXPLAIN ${query.getSQL()}`)).map((r) => r["QUERY PLAN"]).join("\n");
    const lines = plan.split("\n");
    const setScans = lines.flatMap((line, at) => (/ on unread_threads/.test(line) ? [at] : []));
    expect(setScans.length).toBeGreaterThan(0);
    // Above each scan of the set, the nearest node that could combine it with messages is a subplan
    // (the probe) or an init plan (the oldest span start), never a join.
    for (const at of setScans) expect(lines.slice(0, at).reverse().find((line) => /SubPlan|InitPlan|Join|Nested Loop/.test(line))).toMatch(/SubPlan|InitPlan/);
  });

  it("reading a thread narrows its row of the set at once, or drops it when nothing unread is left", async () => {
    const [bulk] = await queryRows<{ order_number: string; thread_id: string; id: string }>(
      t.db,
      sql`SELECT orders.order_number, threads.id AS thread_id, messages.id FROM unread_threads
          JOIN threads ON threads.id = unread_threads.thread_id JOIN orders ON orders.id = threads.order_id
          JOIN messages ON messages.thread_id = threads.id
          WHERE unread_threads.user_id = ${admin.id}::uuid AND orders.order_number LIKE 'BULK-%'
            AND NOT EXISTS (SELECT 1 FROM message_reads WHERE message_id = messages.id AND user_id = ${admin.id}::uuid)
          LIMIT 1`,
    );
    const rowOf = async (threadId: string) =>
      t.db.select().from(unreadThreads).where(and(eq(unreadThreads.userId, admin.id), eq(unreadThreads.threadId, threadId)));
    expect(await rowOf(bulk!.thread_id)).toHaveLength(1);
    // A second message after the first: reading up to the first keeps the row, from the first on.
    const [first] = await t.db.select().from(messages).where(eq(messages.id, bulk!.id));
    const [second] = await t.db
      .insert(messages)
      .values({ storeId: first!.storeId, threadId: first!.threadId, senderRole: "system", senderName: "Shop", content: "more", createdAt: new Date(first!.createdAt.getTime() + 1000) })
      .returning();
    await refreshUnreadThreads(t.db, admin);
    const asAdmin = callerFor(t, "admin@demo.test");
    await asAdmin.messages.markThreadRead({ orderNumber: bulk!.order_number, upToMessageId: first!.id });
    expect(await rowOf(bulk!.thread_id)).toEqual([expect.objectContaining({ unreadThrough: second!.createdAt })]);
    const [narrowed] = await queryRows<{ after_first: boolean }>(
      t.db,
      sql`SELECT unread_from > (SELECT created_at FROM messages WHERE id = ${first!.id}::uuid) AS after_first
          FROM unread_threads WHERE user_id = ${admin.id}::uuid AND thread_id = ${bulk!.thread_id}::uuid`,
    );
    expect(narrowed).toEqual({ after_first: true });
    const unreadHere = async () =>
      (
        await allPages(async (cursor) => {
          const page = await searchMessages(t.db, admin, { unread: true, limit: 100, ...(cursor ? { cursor } : {}) });
          return { items: page.results.filter((r) => r.thread.id === bulk!.thread_id).map((r) => r.message.id), nextCursor: page.nextCursor };
        })
      );
    expect(await unreadHere()).toEqual([second!.id]);

    await asAdmin.messages.markThreadRead({ orderNumber: bulk!.order_number, upToMessageId: second!.id });
    expect(await rowOf(bulk!.thread_id)).toEqual([]);
    expect(await unreadHere()).toEqual([]);
  });

  it("stays exact and short when most of the set was read past markThreadRead: the prune takes more windows, the walk stops at the oldest span", async () => {
    const before = await t.db.$count(unreadThreads, eq(unreadThreads.userId, admin.id));
    expect(before).toBeGreaterThan(UNREAD_SMALL_SET_THREADS);
    // Receipts for all but the newest message, written directly (as a seed or another client would).
    const [newest] = await queryRows<{ id: string }>(t.db, sql`SELECT id FROM messages ORDER BY created_at DESC, id DESC LIMIT 1`);
    await t.db.execute(sql`
      INSERT INTO message_reads (message_id, user_id, store_id, role)
      SELECT id, ${admin.id}::uuid, store_id, 'admin' FROM messages WHERE id <> ${newest!.id}::uuid
      ON CONFLICT DO NOTHING`);
    const answer = await searchMessages(t.db, admin, { unread: true, limit: 50 });
    expect(answer.results.map((r) => r.message.id)).toEqual([newest!.id]);
    expect(await t.db.$count(unreadThreads, eq(unreadThreads.userId, admin.id))).toBeLessThan(before);
  });
});
