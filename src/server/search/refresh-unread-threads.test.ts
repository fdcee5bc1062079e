import { and, eq, inArray, sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestDatabase, type TestDatabase } from "~/test/test-database";
import type { Actor } from "../access";
import { createCaller } from "../api/root";
import { noRequestMeta } from "../audit/write-audit";
import { queryRows } from "../db/client";
import { messageReads, messages, unreadThreads, unreadWatermarks } from "../db/schema";
import { keysetTimestamp } from "../paging/keyset-cursor";
import { refreshUnreadThreads } from "./refresh-unread-threads";

let t: TestDatabase;
let admin: Actor;
beforeAll(async () => {
  t = await createTestDatabase();
  admin = t.actor("admin@demo.test");
});
afterAll(() => t.close());

const search = (input: { unread: true; limit: number }) => createCaller({ db: t.db, actor: admin, request: noRequestMeta }).search.messages(input);
const ids = (answer: { results: { message: { id: string } }[] }) => answer.results.map((r) => r.message.id);

describe("search.messages unread, kept by the set of threads with unread messages", () => {
  it("finds what arrives after a search, a message older than the last scan, and drops threads read since", async () => {
    const before = await search({ unread: true, limit: 100 });
    // The seed's messages the admin did not write, none read yet.
    const expected = await t.db.select({ id: messages.id }).from(messages);
    expect(before.results.length).toBeGreaterThan(0);
    expect(before.results.length).toBeLessThan(expected.length);
    const [firstHit] = before.results;
    expect(firstHit).toBeDefined();

    // Everything of the first hit's thread read: it leaves the answer (and the set).
    const threadMessages = await t.db.select().from(messages).where(eq(messages.threadId, firstHit!.thread.id));
    await t.db
      .insert(messageReads)
      .values(threadMessages.map((m) => ({ messageId: m.id, userId: admin.id, storeId: m.storeId, role: "admin" as const })))
      .onConflictDoNothing();
    const afterRead = await search({ unread: true, limit: 100 });
    expect(afterRead.results.map((r) => r.thread.id)).not.toContain(firstHit!.thread.id);
    expect(await t.db.$count(unreadThreads, and(eq(unreadThreads.userId, admin.id), eq(unreadThreads.threadId, firstHit!.thread.id)))).toBe(0);

    // A message dated long before the last scan (an import): the trigger moves the scan back.
    const [thread] = threadMessages;
    const [old] = await t.db
      .insert(messages)
      .values({ storeId: thread!.storeId, threadId: thread!.threadId, senderRole: "system", senderName: "Import", content: "imported note", createdAt: new Date("2020-01-01T00:00:00Z") })
      .returning();
    // And a new one from the customer.
    const [fresh] = await t.db
      .insert(messages)
      .values({ storeId: thread!.storeId, threadId: thread!.threadId, senderRole: "system", senderName: "Shop", content: "fresh news" })
      .returning();
    const answer = ids(await search({ unread: true, limit: 100 }));
    expect(answer).toContain(old!.id);
    expect(answer).toContain(fresh!.id);
    expect(answer[0]).toBe(fresh!.id);
  });
});

describe("the set of threads with unread messages", () => {
  it("is rebuilt when the user's role or scope changes", async () => {
    await search({ unread: true, limit: 100 });
    const asReseller = { ...t.actor("rita@demo.test") };
    // Rita may not search; the set is a domain detail, so it is driven directly here.
    const { refreshUnreadThreads } = await import("./refresh-unread-threads");
    await refreshUnreadThreads(t.db, asReseller);
    const ritas = await t.db.select().from(unreadThreads).where(eq(unreadThreads.userId, asReseller.id));
    await refreshUnreadThreads(t.db, { ...asReseller, storeId: "south" });
    const moved = await t.db.select().from(unreadThreads).where(eq(unreadThreads.userId, asReseller.id));
    expect(ritas.length).toBeGreaterThan(0);
    expect(new Set(moved.map((r) => r.threadId))).not.toEqual(new Set(ritas.map((r) => r.threadId)));
  });
});

describe("the set's refresh is bounded per call", () => {
  const watermarkOf = async (userId: string) =>
    (await queryRows<{ at: string }>(t.db, sql`SELECT ${keysetTimestamp(sql.raw("scanned_through"))} AS at FROM unread_watermarks WHERE user_id = ${userId}::uuid`))[0]?.at ?? null;
  const setOf = async (userId: string) =>
    new Set((await t.db.select({ threadId: unreadThreads.threadId }).from(unreadThreads).where(eq(unreadThreads.userId, userId))).map((r) => r.threadId));

  it("scans at most batchRows messages a call and converges, over several calls, to the threads with unread messages", async () => {
    const actor = t.actor("admin@demo.test");
    await t.db.delete(unreadThreads).where(eq(unreadThreads.userId, actor.id));
    await t.db.delete(unreadWatermarks).where(eq(unreadWatermarks.userId, actor.id));
    const batchRows = 3;
    const total = await t.db.$count(messages);
    expect(total).toBeGreaterThan(3 * batchRows);

    let previous: string | null = null;
    let calls = 0;
    for (let result = { complete: false }; !result.complete; calls++) {
      expect(calls).toBeLessThan(total);
      result = await refreshUnreadThreads(t.db, actor, { batchRows, budgetMs: 0 });
      const through = await watermarkOf(actor.id);
      expect(through).not.toBeNull();
      if (!result.complete) {
        // The rows this call scanned: those between the previous watermark and the new one.
        const [{ scanned }] = await queryRows<{ scanned: number }>(
          t.db,
          sql`SELECT count(*)::int AS scanned FROM messages
              WHERE created_at >= ${previous ?? "-infinity"}::timestamptz AND created_at < ${through}::timestamptz`,
        ) as [{ scanned: number }];
        expect(scanned).toBeGreaterThan(0);
        expect(scanned).toBeLessThanOrEqual(batchRows);
      }
      previous = through;
    }
    expect(calls).toBeGreaterThanOrEqual(Math.ceil(total / batchRows) - 1);

    const expected = new Set(
      (
        await queryRows<{ thread_id: string }>(
          t.db,
          sql`SELECT DISTINCT thread_id FROM messages
              WHERE messages.sender_id IS DISTINCT FROM ${actor.id}::uuid
                AND NOT EXISTS (SELECT 1 FROM message_reads WHERE message_id = messages.id AND user_id = ${actor.id}::uuid)`,
        )
      ).map((r) => r.thread_id),
    );
    expect(expected.size).toBeGreaterThan(0);
    expect(await setOf(actor.id)).toEqual(expected);
  });

  it("reports a first build still under way as incomplete, and complete once the calls have caught up", async () => {
    const actor = t.actor("admin@demo.test");
    await t.db.delete(unreadThreads).where(eq(unreadThreads.userId, actor.id));
    await t.db.delete(unreadWatermarks).where(eq(unreadWatermarks.userId, actor.id));
    const first = await refreshUnreadThreads(t.db, actor, { batchRows: 3, budgetMs: 0 });
    expect(first.complete).toBe(false);
    expect((await setOf(actor.id)).size).toBeLessThanOrEqual(3);
    let last = first;
    for (let i = 0; i < 200 && !last.complete; i++) last = await refreshUnreadThreads(t.db, actor, { batchRows: 3, budgetMs: 0 });
    expect(last).toMatchObject({ complete: true, small: true });
  });
});

describe("the span of a thread's unread messages", () => {
  it("holds the unread messages of a long thread whose history is read, and readers look only inside it", async () => {
    const actor = t.actor("admin@demo.test");
    const [anyMessage] = await t.db.select().from(messages).limit(1);
    const threadId = anyMessage!.threadId;
    const storeId = anyMessage!.storeId;
    const at = (minute: number) => new Date(Date.UTC(2021, 0, 1, 0, minute));
    const [unread] = await t.db
      .insert(messages)
      .values({ storeId, threadId, senderRole: "system", senderName: "Shop", content: "the one left unread", createdAt: at(0) })
      .returning();
    const later = await t.db
      .insert(messages)
      .values(Array.from({ length: 30 }, (_, i) => ({ storeId, threadId, senderRole: "system" as const, senderName: "Shop", content: `read ${i}`, createdAt: at(i + 1) })))
      .returning();
    const everyOther = (await t.db.select().from(messages).where(eq(messages.threadId, threadId))).filter((m) => m.id !== unread!.id);
    await t.db
      .insert(messageReads)
      .values(everyOther.map((m) => ({ messageId: m.id, userId: actor.id, storeId: m.storeId, role: "admin" as const })))
      .onConflictDoNothing();

    await t.db.delete(unreadThreads).where(eq(unreadThreads.userId, actor.id));
    await t.db.delete(unreadWatermarks).where(eq(unreadWatermarks.userId, actor.id));
    const answer = await search({ unread: true, limit: 100 });
    expect(answer.results.filter((r) => r.thread.id === threadId).map((r) => r.message.id)).toEqual([unread!.id]);
    const [entry] = await t.db.select().from(unreadThreads).where(and(eq(unreadThreads.userId, actor.id), eq(unreadThreads.threadId, threadId)));
    // The span is the unread message alone, not the 30 read ones after it.
    expect(entry).toMatchObject({ unreadFrom: unread!.createdAt, unreadThrough: unread!.createdAt });
    expect(later.every((m) => m.createdAt > entry!.unreadThrough)).toBe(true);

    // A fresh unread message widens the span on the next read, and is found at once.
    const [fresh] = await t.db.insert(messages).values({ storeId, threadId, senderRole: "system", senderName: "Shop", content: "news" }).returning();
    const again = await search({ unread: true, limit: 100 });
    expect(again.results.filter((r) => r.thread.id === threadId).map((r) => r.message.id)).toEqual([fresh!.id, unread!.id]);
  });

  it("bounds the index scan of a small set's threads by the span, so read history is never walked", async () => {
    await search({ unread: true, limit: 100 });
    await t.db.execute(sql`ANALYZE`);
    const { buildSearchQuery } = await import("./search-messages");
    const { query } = await buildSearchQuery(t.db, admin, { unread: true });
    const plan = await t.db.transaction(async (tx) => {
      for (const setting of ["enable_seqscan", "enable_bitmapscan"]) await tx.execute(sql.raw(`SET LOCAL ${setting} = off`));
      return (await queryRows<{ "QUERY PLAN": string }>(tx, sql`EXPLAIN ${query.getSQL()}`)).map((r) => r["QUERY PLAN"]).join("\n");
    });
    // Whichever index the planner reads messages by (at this size it varies), the span is in its
    // Index Cond, per row of the set; a span checked after the scan is what read 160 k messages.
    expect(plan).toMatch(/Index Cond: \(.*\(created_at >= unread_threads\.unread_from\) AND \(created_at <= unread_threads\.unread_through\)/);
  });
});

describe("a refresh of a set that is up to date", () => {
  const versions = async (userId: string) =>
    queryRows<{ v: string }>(
      t.db,
      sql`SELECT xmin::text || ':' || thread_id AS v FROM unread_threads WHERE user_id = ${userId}::uuid
          UNION ALL SELECT xmin::text FROM unread_watermarks WHERE user_id = ${userId}::uuid ORDER BY 1`,
    );

  it("writes nothing: the margin's rescan leaves unchanged rows alone and the watermark waits for the margin", async () => {
    const actor = t.actor("admin@demo.test");
    // A message within the margin, so the rescan meets a thread already in the set.
    const [anyMessage] = await t.db.select().from(messages).limit(1);
    await t.db.insert(messages).values({ storeId: anyMessage!.storeId, threadId: anyMessage!.threadId, senderRole: "system", senderName: "Shop", content: "just now" });
    await refreshUnreadThreads(t.db, actor);
    const before = await versions(actor.id);
    expect(before.length).toBeGreaterThan(1);
    await refreshUnreadThreads(t.db, actor);
    expect(await versions(actor.id)).toEqual(before);
  });
});

describe("the refresh's prune", () => {
  it("drops read threads a window at a time, wrapping round from a random start, until none is left", async () => {
    const actor = t.actor("admin@demo.test");
    await refreshUnreadThreads(t.db, actor);
    const size = await t.db.$count(unreadThreads, eq(unreadThreads.userId, actor.id));
    expect(size).toBeGreaterThan(2);
    const everything = await t.db.select().from(messages);
    await t.db
      .insert(messageReads)
      .values(everything.map((m) => ({ messageId: m.id, userId: actor.id, storeId: m.storeId, role: "admin" as const })))
      .onConflictDoNothing();

    // Whatever the random start, the window holds pruneRows rows of the set while it has that many;
    // with no budget left, one window.
    await refreshUnreadThreads(t.db, actor, { pruneRows: 2, budgetMs: 0 });
    expect(await t.db.$count(unreadThreads, eq(unreadThreads.userId, actor.id))).toBe(size - 2);
    // A window found all stale is followed by more while the budget lasts.
    await refreshUnreadThreads(t.db, actor, { pruneRows: 2 });
    expect(await t.db.$count(unreadThreads, eq(unreadThreads.userId, actor.id))).toBe(0);
  });
});

describe("the rescan of the margin, which probes only what the last refresh could not see", () => {
  const actor = () => t.actor("admin@demo.test");
  /** The plain answer: every message the admin did not write and has no receipt for. */
  const unreadByProbes = async () =>
    (
      await queryRows<{ id: string }>(
        t.db,
        sql`SELECT id FROM messages
            WHERE sender_id IS DISTINCT FROM ${actor().id}::uuid
              AND NOT EXISTS (SELECT 1 FROM message_reads WHERE message_id = messages.id AND user_id = ${actor().id}::uuid)
            ORDER BY id`,
      )
    ).map((r) => r.id);
  const unreadBySearch = async () => ids(await search({ unread: true, limit: 100 })).sort();
  const snapshotOf = async () => (await t.db.select().from(unreadWatermarks).where(eq(unreadWatermarks.userId, actor().id)))[0]?.rescannedSnapshot ?? null;
  const post = async (content: string, createdAt?: Date, db = t.db) => {
    const [anyMessage] = await t.db.select().from(messages).limit(1);
    const [row] = await db
      .insert(messages)
      .values({ storeId: anyMessage!.storeId, threadId: anyMessage!.threadId, senderRole: "system", senderName: "Shop", content, createdAt })
      .returning();
    return row!;
  };

  it("finds a message dated before the last refresh that commits after it", async () => {
    await post("seen by the first refresh");
    await refreshUnreadThreads(t.db, actor());
    const recorded = await snapshotOf();
    expect(recorded).not.toBeNull();

    let late: typeof messages.$inferSelect | undefined;
    await t.db.transaction(async (tx) => {
      // Dated 10 s ago and still uncommitted while another connection refreshes.
      late = await post("committed late", new Date(Date.now() - 10_000), tx);
      await post("committed before the refresh");
      await refreshUnreadThreads(t.db, actor());
      expect(await snapshotOf()).not.toEqual(recorded);
      expect(await unreadBySearch()).not.toContain(late!.id);
    });
    expect(await unreadBySearch()).toContain(late!.id);
    expect(await unreadBySearch()).toEqual(await unreadByProbes());
  });

  it("re-probes nothing the last refresh saw, and stays exact through reads and new messages", async () => {
    const seen = await post("probed once");
    await refreshUnreadThreads(t.db, actor());
    // Dropping the thread's row behind the set's back: a rescan that probed the message again would put it back.
    await t.db.delete(unreadThreads).where(and(eq(unreadThreads.userId, actor().id), eq(unreadThreads.threadId, seen.threadId)));
    await refreshUnreadThreads(t.db, actor());
    expect(await t.db.$count(unreadThreads, and(eq(unreadThreads.userId, actor().id), eq(unreadThreads.threadId, seen.threadId)))).toBe(0);
    // A new message of the thread is probed, and brings the row back.
    await post("after the refresh");
    await refreshUnreadThreads(t.db, actor());
    expect(await t.db.$count(unreadThreads, and(eq(unreadThreads.userId, actor().id), eq(unreadThreads.threadId, seen.threadId)))).toBe(1);

    // Some read, some new, an import dated long ago: the set's answer is the receipt probes'.
    const some = (await unreadByProbes()).slice(0, 5);
    const rows = await t.db.select().from(messages).where(inArray(messages.id, some));
    await t.db.insert(messageReads).values(rows.map((m) => ({ messageId: m.id, userId: actor().id, storeId: m.storeId, role: "admin" as const })));
    await post("imported", new Date("2019-06-01T00:00:00Z"));
    await post("new again");
    expect(await unreadBySearch()).toEqual(await unreadByProbes());
    expect(await unreadBySearch()).toEqual(await unreadByProbes());
  });
});
