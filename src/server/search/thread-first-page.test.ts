import { and, desc, eq, sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestDatabase, type TestDatabase } from "~/test/test-database";
import { createOrderWithCustomer } from "~/test/messaging-fixtures";
import type { Actor } from "../access";
import { queryRows } from "../db/client";
import { messages, orders, threads } from "../db/schema";
import { buildSearchQuery, searchMessages, type SearchMessagesInput } from "./search-messages";

/*
 * Thirty threads, closed and open, on refunded and shipped orders, with 1–9 messages each spread
 * over a day, several sharing one instant across threads; some threads stamped active an hour
 * after their newest message (an inbound message dated by the provider before it arrived). The
 * answers of the thread-first page are compared with a plain query over every message.
 */

let t: TestDatabase;
let admin: Actor;
const day = new Date("2025-03-01T00:00:00Z").getTime();

beforeAll(async () => {
  t = await createTestDatabase();
  admin = t.actor("admin@demo.test");
  for (let i = 0; i < 30; i++) {
    const order = await createOrderWithCustomer(t);
    await t.db.update(orders).set({ status: i % 3 === 0 ? "refunded" : "shipped" }).where(eq(orders.id, order.orderId));
    const count = 1 + ((i * 7) % 9);
    // Every fifth message of the data on one of a few shared instants: ties across threads.
    const times = Array.from({ length: count }, (_, k) =>
      (i + k) % 5 === 0 ? new Date(day + ((i + k) % 3) * 3_600_000) : new Date(day + ((i * 13 + k * 29) % 1440) * 60_000),
    );
    const newest = Math.max(...times.map((d) => d.getTime()));
    const [thread] = await t.db
      .insert(threads)
      .values({
        storeId: order.storeId,
        orderId: order.orderId,
        status: i % 2 === 0 ? "closed" : "open",
        lastMessageAt: new Date(newest + (i % 4 === 0 ? 3_600_000 : 0)),
        lastPublicMessageAt: new Date(newest),
      })
      .returning();
    await t.db.insert(messages).values(
      times.map((createdAt, k) => ({
        storeId: order.storeId,
        threadId: thread!.id,
        senderRole: "customer" as const,
        senderName: "Customer",
        content: `message ${i}.${k}`,
        createdAt,
      })),
    );
  }
  await t.db.execute(sql`ANALYZE`);
});
afterAll(() => t.close());

/** Every message the filter selects, newest first: what the pages must add up to. */
async function expectedIds(input: Pick<SearchMessagesInput, "status" | "orderStatus">): Promise<string[]> {
  const rows = await t.db
    .select({ id: messages.id })
    .from(messages)
    .innerJoin(threads, eq(threads.id, messages.threadId))
    .innerJoin(orders, eq(orders.id, threads.orderId))
    .where(and(input.status && eq(threads.status, input.status), input.orderStatus && eq(orders.status, input.orderStatus)))
    .orderBy(desc(messages.createdAt), desc(messages.id));
  return rows.map((r) => r.id);
}

const filters: Pick<SearchMessagesInput, "status" | "orderStatus">[] = [
  { status: "closed" },
  { status: "open" },
  { orderStatus: "refunded" },
  { status: "closed", orderStatus: "shipped" },
];

describe("search pages filtered on the thread or its order", () => {
  it("add up to every matching message, newest first, through cursors", async () => {
    for (const filter of filters) {
      const expected = await expectedIds(filter);
      expect(expected.length).toBeGreaterThan(20);
      const seen: string[] = [];
      let cursor: string | undefined;
      do {
        const answer = await searchMessages(t.db, admin, { ...filter, limit: 7, cursor });
        seen.push(...answer.results.map((r) => r.message.id));
        cursor = answer.nextCursor ?? undefined;
      } while (cursor);
      expect(seen).toEqual(expected);
    }
  });

  it("and through numbered pages", async () => {
    for (const filter of filters) {
      const expected = await expectedIds(filter);
      for (let page = 1; (page - 1) * 6 < expected.length; page++) {
        const answer = await searchMessages(t.db, admin, { ...filter, limit: 6, page });
        expect(answer.results.map((r) => r.message.id)).toEqual(expected.slice((page - 1) * 6, page * 6));
      }
    }
  });

  it("choose the page from the threads active last and their newest messages, not by walking every message by time", async () => {
    const { query } = await buildSearchQuery(t.db, admin, { status: "closed", limit: 5 });
    const plan = await t.db.transaction(async (tx) => {
      // A few hundred rows are too few for the planner to prefer an index: price scans out.
      for (const setting of ["enable_seqscan", "enable_bitmapscan"]) await tx.execute(sql.raw(`SET LOCAL ${setting} = off`));
      return (await queryRows<{ "QUERY PLAN": string }>(tx, sql`EXPLAIN ${query.getSQL()}`)).map((r) => r["QUERY PLAN"]).join("\n");
    });
    expect(plan).toContain("messages_thread_created_idx");
    expect(plan).not.toContain("messages_created_idx");
  });
});
