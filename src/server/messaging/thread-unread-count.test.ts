import { and, eq, inArray, sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestDatabase, type TestDatabase } from "~/test/test-database";
import { callerFor } from "~/test/messaging-fixtures";
import type { Actor } from "../access";
import { queryRows } from "../db/client";
import { messageReads, messages, orders, threads, unreadThreads, unreadWatermarks } from "../db/schema";
import { refreshUnreadThreads } from "../search/refresh-unread-threads";
import { threadActivityJoins, UNREAD_COUNT_CAP } from "./thread-activity-sql";

/** Messages added to each thread: more than the cap, so a receipt probe per message shows. */
const LONG = 300;

let t: TestDatabase;
let admin: Actor;
beforeAll(async () => {
  t = await createTestDatabase();
  admin = t.actor("admin@demo.test");
});
afterAll(() => t.close());

async function threadIdOf(orderNumber: string): Promise<string> {
  const [row] = await t.db.select({ id: threads.id }).from(threads).innerJoin(orders, eq(orders.id, threads.orderId)).where(eq(orders.orderNumber, orderNumber));
  if (!row) throw new Error(`no thread for ${orderNumber}`);
  return row.id;
}

/**
 * Adds LONG customer messages to the thread, an hour old (older than the set's watermark will be),
 * and gives the admin a receipt for every message of the thread except those at `unreadAt`.
 * Returns the added messages, oldest first.
 */
async function fillThread(threadId: string, unreadAt: (index: number) => boolean) {
  const [first] = await t.db.select().from(messages).where(eq(messages.threadId, threadId)).limit(1);
  const start = Date.now() - 60 * 60 * 1000;
  const added = await t.db
    .insert(messages)
    .values(
      Array.from({ length: LONG }, (_, i) => ({
        storeId: first!.storeId,
        threadId,
        senderRole: "customer" as const,
        senderName: "Long Thread",
        content: `message ${i}`,
        createdAt: new Date(start + i * 1000),
      })),
    )
    .returning({ id: messages.id, storeId: messages.storeId, createdAt: messages.createdAt });
  added.sort((a, b) => a.createdAt.getTime() - b.createdAt.getTime());
  const unread = new Set(added.filter((_, i) => unreadAt(i)).map((m) => m.id));
  const all = await t.db.select({ id: messages.id, storeId: messages.storeId }).from(messages).where(eq(messages.threadId, threadId));
  await t.db
    .insert(messageReads)
    .values(all.filter((m) => !unread.has(m.id)).map((m) => ({ messageId: m.id, userId: admin.id, storeId: m.storeId, role: "admin" as const })))
    .onConflictDoNothing();
  return added;
}

async function buildTheSet() {
  while (!(await refreshUnreadThreads(t.db, admin)).complete);
}

interface PlanNode {
  "Relation Name"?: string;
  "Actual Rows"?: number;
  "Actual Loops"?: number;
  "Rows Removed by Filter"?: number;
  Plans?: PlanNode[];
}

/** Rows of `relation` the plan read (returned or filtered out), over every loop. */
function rowsRead(node: PlanNode, relation: string): number {
  const own =
    node["Relation Name"] === relation ? ((node["Actual Rows"] ?? 0) + (node["Rows Removed by Filter"] ?? 0)) * (node["Actual Loops"] ?? 1) : 0;
  return own + (node.Plans ?? []).reduce((sum, child) => sum + rowsRead(child, relation), 0);
}

/** A list row's unread count for the thread, as lists compute it, and what computing it read. */
async function unreadCountOf(actor: Actor, threadId: string) {
  const query = sql`SELECT unread.unread_count FROM (SELECT ${threadId}::uuid AS id) page ${threadActivityJoins(actor, sql.raw("page.id"))}`;
  const [row] = await queryRows<{ unread_count: number }>(t.db, query);
  const [explained] = await queryRows<{ "QUERY PLAN": unknown }>(t.db, sql`EXPLAIN (ANALYZE, FORMAT JSON) ${query}`);
  const raw = explained!["QUERY PLAN"];
  const [plan] = (typeof raw === "string" ? JSON.parse(raw) : raw) as { Plan: PlanNode }[];
  return { count: row!.unread_count, messagesRead: rowsRead(plan!.Plan, "messages"), receiptsRead: rowsRead(plan!.Plan, "message_reads") };
}

const listedUnread = async (orderNumber: string) =>
  (await callerFor(t, admin).threads.list({ limit: 100 })).threads.find((th) => th.orderNumber === orderNumber)?.unreadCount;

describe("a list row's unread count", () => {
  it("of a long thread read to the end reads the set, not a receipt per message", async () => {
    const threadId = await threadIdOf("ORD-1002");
    await fillThread(threadId, () => false);

    // Without a set, every message is probed for a receipt (how counts are taken for someone who
    // never read from the set).
    const unset = await unreadCountOf(admin, threadId);
    expect(unset.count).toBe(0);
    expect(unset.receiptsRead).toBeGreaterThan(LONG);

    await buildTheSet();
    const bounded = await unreadCountOf(admin, threadId);
    expect(bounded.count).toBe(0);
    // The newest message for the preview; nothing older than the watermark.
    expect(bounded.messagesRead).toBeLessThanOrEqual(1);
    expect(bounded.receiptsRead).toBe(0);
    expect(await listedUnread("ORD-1002")).toBe(0);
  });

  it("stays exact: unread messages far apart in the span, and those that arrive after the set was built", async () => {
    const threadId = await threadIdOf("ORD-1001");
    const added = await fillThread(threadId, (i) => i === 10 || i === 150 || i === 290);
    await buildTheSet();
    const [span] = await t.db
      .select()
      .from(unreadThreads)
      .where(and(eq(unreadThreads.userId, admin.id), eq(unreadThreads.threadId, threadId)));
    // One span over all three (and the seed's older unread ones the first set held).
    expect(span!.unreadFrom.getTime()).toBeLessThanOrEqual(added[10]!.createdAt.getTime());
    expect(span!.unreadThrough.getTime()).toBeGreaterThanOrEqual(added[290]!.createdAt.getTime());
    expect((await unreadCountOf(admin, threadId)).count).toBe(3);

    // Two from the customer and one of the admin's own after the set was built: the own one is not unread.
    const storeId = added[0]!.storeId;
    await t.db.insert(messages).values([
      { storeId, threadId, senderRole: "customer", senderName: "Alice", content: "any news?" },
      { storeId, threadId, senderRole: "customer", senderName: "Alice", content: "hello?" },
      { storeId, threadId, senderRole: "admin", senderId: admin.id, senderName: "Ada Admin", content: "on it" },
    ]);
    expect((await unreadCountOf(admin, threadId)).count).toBe(5);
    // And one dated before the watermark (an import): the trigger moves the watermark back over it.
    await t.db.insert(messages).values({ storeId, threadId, senderRole: "system", senderName: "Import", content: "imported", createdAt: new Date("2020-01-01T00:00:00Z") });
    expect((await unreadCountOf(admin, threadId)).count).toBe(6);
    expect(await listedUnread("ORD-1001")).toBe(6);

    // Read: the count follows the receipts, whatever the set still holds.
    const unreadIds = [added[10]!.id, added[150]!.id];
    await t.db.insert(messageReads).values(unreadIds.map((messageId) => ({ messageId, userId: admin.id, storeId, role: "admin" as const })));
    expect(await listedUnread("ORD-1001")).toBe(4);
    expect(await t.db.$count(messageReads, and(eq(messageReads.userId, admin.id), inArray(messageReads.messageId, unreadIds)))).toBe(2);
  });

  it("stops at the cap (lists say 99+) after reading about as many messages as it counts", async () => {
    const threadId = await threadIdOf("ORD-1003");
    await fillThread(threadId, (i) => i >= LONG - 150);
    await buildTheSet();
    const capped = await unreadCountOf(admin, threadId);
    expect(capped.count).toBe(UNREAD_COUNT_CAP);
    // Newest first: the cap's 100, the preview's newest and the seed's last (newer, read), not the
    // 150 read ones older than the unread, nor all 150 unread.
    expect(capped.messagesRead).toBeLessThanOrEqual(UNREAD_COUNT_CAP + 2);
    expect(await listedUnread("ORD-1003")).toBe(UNREAD_COUNT_CAP);
  });

  it("ignores a set built for another scope", async () => {
    const threadId = await threadIdOf("ORD-1002");
    await t.db.update(unreadWatermarks).set({ scope: "reseller:north:" }).where(eq(unreadWatermarks.userId, admin.id));
    const unset = await unreadCountOf(admin, threadId);
    expect(unset.count).toBe(0);
    expect(unset.receiptsRead).toBeGreaterThan(LONG);
  });
});
