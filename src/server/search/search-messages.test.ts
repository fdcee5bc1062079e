import { asc, desc, eq, sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestDatabase, type TestDatabase } from "~/test/test-database";
import { trpcCodeOf } from "~/test/trpc-code";
import type { Actor } from "../access";
import { createCaller } from "../api/root";
import { noRequestMeta } from "../audit/write-audit";
import { attachments, messageReads, messages, orders, threads, users } from "../db/schema";
import { DomainError } from "../errors";
import { queryRows } from "../db/client";
import { buildSearchQuery, searchMessages } from "./search-messages";

/*
 * The seed's ten messages (ORD-1001..1003, written "now") plus 60 generated ones on two extra
 * orders in January 2025, inserted straight into the tables. Expected answers come from a plain
 * in-memory filter over every row (the oracle), so each filter is checked for exact set equality.
 */

let t: TestDatabase;
let admin: Actor;
const generatedFrom = new Date("2025-01-01T00:00:00Z");
const generatedTo = new Date("2025-01-02T00:00:00Z");
const words = ["lantern", "harbor", "violet", "meadow", "copper", "summit"];

interface OracleRow {
  id: string;
  createdAt: Date;
  orderNumber: string;
  storeId: string;
  channel: string;
  senderRole: string;
  senderId: string | null;
  isInternal: boolean;
  threadStatus: string;
  orderStatus: string;
}
let oracle: OracleRow[];
let contentOf: Map<string, string>;

async function loadOracle(): Promise<OracleRow[]> {
  return t.db
    .select({
      id: messages.id,
      createdAt: messages.createdAt,
      orderNumber: orders.orderNumber,
      storeId: messages.storeId,
      channel: messages.channel,
      senderRole: messages.senderRole,
      senderId: messages.senderId,
      isInternal: messages.isInternal,
      threadStatus: threads.status,
      orderStatus: orders.status,
    })
    .from(messages)
    .innerJoin(threads, eq(threads.id, messages.threadId))
    .innerJoin(orders, eq(orders.id, threads.orderId))
    .orderBy(desc(messages.createdAt), desc(messages.id));
}

const callerFor = (actor: Actor | null) => createCaller({ db: t.db, actor, request: noRequestMeta });
type SearchInput = Parameters<ReturnType<typeof callerFor>["search"]["messages"]>[0];
const search = (input: SearchInput = {}) => callerFor(admin).search.messages(input);
const ids = (answer: { results: { message: { id: string } }[] }) => answer.results.map((r) => r.message.id);
const oracleIds = (keep: (row: OracleRow) => boolean) => oracle.filter(keep).map((r) => r.id);

async function insertGeneratedConversations() {
  const byEmail = new Map((await t.db.select().from(users)).map((u) => [u.email, u]));
  const user = (email: string) => byEmail.get(email)!;
  const bob = user("bob@demo.test");
  const alice = user("alice@demo.test");
  const [closedOrder, completedOrder] = await t.db
    .insert(orders)
    .values([
      { orderNumber: "ORD-9001", storeId: "north", customerId: bob.id, customerName: bob.name, customerEmail: "Bob@Demo.test", status: "delivered" },
      { orderNumber: "ORD-9002", storeId: "south", customerId: alice.id, customerName: alice.name, customerEmail: alice.email, status: "completed" },
    ])
    .returning();
  const [closedThread, openThread] = await t.db
    .insert(threads)
    .values([
      { storeId: "north", orderId: closedOrder!.id, status: "closed", closedAt: generatedTo, closedBy: user("admin@demo.test").id },
      { storeId: "south", orderId: completedOrder!.id },
    ])
    .returning();

  const senders = [
    { role: "customer" as const, user: bob },
    { role: "admin" as const, user: user("admin@demo.test") },
    { role: "supplier" as const, user: user("sue@demo.test") },
    { role: "system" as const, user: undefined },
  ];
  const channels = ["in_app", "email", "whatsapp", "sms"] as const;
  const rows = Array.from({ length: 60 }, (_, i) => {
    const sender = senders[i % senders.length]!;
    const thread = i % 2 === 0 ? closedThread! : openThread!;
    // Three messages per second: two share the exact instant (ordered by id), the third is 500 µs
    // later, within the same millisecond, which a millisecond cursor would lose.
    const micros = i % 3 === 2 ? "500" : "000";
    return {
      storeId: thread.storeId,
      threadId: thread.id,
      senderRole: sender.role,
      senderId: sender.user?.id ?? null,
      senderName: sender.user?.name ?? "Order system",
      channel: channels[Math.floor(i / 4) % channels.length]!,
      messageType: sender.user ? ("text" as const) : ("system_event" as const),
      content:
        i === 17
          ? "The zeppelin delivery is late again, please check the depot."
          : `Parcel note ${words[i % words.length]} ${words[Math.floor(i / words.length) % words.length]} for the customer.`,
      isInternal: sender.role === "admin" && i % 8 === 1,
      createdAt: sql`${`2025-01-01T00:${String(Math.floor(i / 3)).padStart(2, "0")}:00.000${micros}Z`}::timestamptz`,
    };
  });
  await t.db.insert(messages).values(rows);
}

beforeAll(async () => {
  t = await createTestDatabase();
  admin = t.actor("admin@demo.test");
  await insertGeneratedConversations();
  oracle = await loadOracle();
  contentOf = new Map((await t.db.select({ id: messages.id, content: messages.content }).from(messages)).map((m) => [m.id, m.content]));
});
afterAll(() => t.close());

describe("search.messages access", () => {
  it("answers FORBIDDEN to every role but admin, and UNAUTHORIZED without a caller", async () => {
    for (const email of ["alice@demo.test", "bob@demo.test", "rita@demo.test", "sam@demo.test", "sid@demo.test", "sue@demo.test"]) {
      expect(await trpcCodeOf(callerFor(t.actor(email)).search.messages({}))).toBe("FORBIDDEN");
    }
    expect(await trpcCodeOf(callerFor(null).search.messages({}))).toBe("UNAUTHORIZED");
  });

  it("refuses non-admins in the domain function too, not only in the procedure builder", async () => {
    await expect(searchMessages(t.db, t.actor("rita@demo.test"), {})).rejects.toMatchObject({
      constructor: DomainError,
      code: "FORBIDDEN",
    });
  });

  it("includes internal notes for admins", async () => {
    const answer = await search({ keyword: "blue variant" });
    expect(answer.results).toHaveLength(1);
    expect(answer.results[0]?.message).toMatchObject({ isInternal: true, orderNumber: "ORD-1001", senderRole: "admin" });
    const notes = await search({ from: generatedFrom, to: generatedTo, limit: 100 });
    expect(notes.results.filter((r) => r.message.isInternal).map((r) => r.message.id).sort()).toEqual(
      oracleIds((r) => r.isInternal && r.createdAt < generatedTo).sort(),
    );
  });
});

describe("search.messages keyword", () => {
  it("finds words by full-text search and marks them in the snippet", async () => {
    const answer = await search({ keyword: "zeppelin" });
    expect(answer.results).toHaveLength(1);
    expect(answer.results[0]?.snippet).toContain("**zeppelin**");
    expect(answer.results[0]?.message.content).toBe("The zeppelin delivery is late again, please check the depot.");

    // Stemmed: "tracking" finds "tracking number" in ORD-1002's customer message, system event and reply.
    const tracking = await search({ keyword: "tracking" });
    expect(tracking.results.map((r) => r.thread.orderNumber)).toEqual(["ORD-1002", "ORD-1002", "ORD-1002"]);
    for (const r of tracking.results) expect(r.snippet).toMatch(/\*\*tracking\*\*/i);
  });

  it("supports web-search syntax: phrases and OR", async () => {
    expect(ids(await search({ keyword: '"delivery address"' }))).toHaveLength(2);
    expect(ids(await search({ keyword: "zeppelin or variant" }))).toHaveLength(2);
  });

  it("excludes messages holding a -word", async () => {
    const lantern = oracleIds((r) => contentOf.get(r.id)!.includes("lantern"));
    const lanternNotHarbor = oracleIds((r) => contentOf.get(r.id)!.includes("lantern") && !contentOf.get(r.id)!.includes("harbor"));
    expect(lanternNotHarbor.length).toBeGreaterThan(0);
    expect(lanternNotHarbor.length).toBeLessThan(lantern.length);
    expect(ids(await search({ keyword: "lantern", limit: 100 }))).toEqual(lantern);
    expect(ids(await search({ keyword: "lantern -harbor", limit: 100 }))).toEqual(lanternNotHarbor);
  });

  it("matches an order number case-insensitively and returns that order's messages", async () => {
    const answer = await search({ keyword: "ord-1002" });
    expect(ids(answer).sort()).toEqual(oracleIds((r) => r.orderNumber === "ORD-1002").sort());
    // A message that matched by its order, not its words, gets the start of its content.
    const event = answer.results.find((r) => r.message.senderRole === "customer");
    expect(event?.snippet).toBe("Is there a tracking number for my parcel?");
  });

  it("matches a customer email case-insensitively across that customer's orders", async () => {
    const answer = await search({ keyword: "BOB@demo.TEST", limit: 100 });
    expect(ids(answer).sort()).toEqual(oracleIds((r) => r.orderNumber === "ORD-1002" || r.orderNumber === "ORD-9001").sort());
  });

  it("keeps hostile keywords inert: no error, no match explosion", async () => {
    const hostile = [
      "' OR 1=1 --",
      "'; DROP TABLE messages; --",
      "robert'); DELETE FROM orders;--",
      "&|!:*",
      "!!!",
      "a & | b",
      ":*",
      "foo:*",
      "(((",
      ")",
      "\\",
      "\\\\'\\\"",
      "%",
      "_",
      "<->",
      "'",
      '"',
      '"""',
      "-",
      "--",
      "or",
      "the",
      "🦄",
      "\u202e",
      "$1",
      "${keyword}",
      "?".repeat(200),
      "'".repeat(200),
      "&".repeat(200),
    ];
    for (const keyword of hostile) {
      const answer = await search({ keyword, limit: 100 });
      expect(answer.results, JSON.stringify(keyword)).toHaveLength(0);
    }
    // A long keyword made of real words still works.
    const long = "zeppelin ".repeat(22);
    expect(long.length).toBeLessThanOrEqual(200);
    expect(ids(await search({ keyword: long }))).toHaveLength(1);
    // An unterminated quote is read as a phrase, not as an error.
    expect(ids(await search({ keyword: '"tracking' }))).toHaveLength(3);
    const [count] = await t.db.select({ n: sql<number>`count(*)::int` }).from(messages);
    expect(count?.n).toBe(oracle.length);
  });

  it("refuses keywords over 200 characters, or holding a NUL Postgres cannot take, with BAD_REQUEST", async () => {
    expect(await trpcCodeOf(search({ keyword: "a".repeat(201) }))).toBe("BAD_REQUEST");
    for (const keyword of ["x\u0000y", "\u0000"]) expect(await trpcCodeOf(search({ keyword }))).toBe("BAD_REQUEST");
  });

  it("treats an empty or blank keyword as no keyword", async () => {
    for (const keyword of ["", "   ", " \t"]) {
      const all = await search({ keyword, limit: 100 });
      expect(all.results).toHaveLength(oracle.length);
    }
  });
});

describe("search.messages filters", () => {
  const cases: { name: string; input: SearchInput; keep: (r: OracleRow) => boolean }[] = [
    { name: "thread status closed", input: { status: "closed" }, keep: (r) => r.threadStatus === "closed" },
    { name: "thread status open", input: { status: "open" }, keep: (r) => r.threadStatus === "open" },
    { name: "order status", input: { orderStatus: "shipped" }, keep: (r) => r.orderStatus === "shipped" },
    { name: "channel", input: { channel: "whatsapp" }, keep: (r) => r.channel === "whatsapp" },
    { name: "sender role", input: { senderRole: "system" }, keep: (r) => r.senderRole === "system" },
    { name: "store", input: { storeId: "south" }, keep: (r) => r.storeId === "south" },
    { name: "unknown store", input: { storeId: "nowhere" }, keep: () => false },
    {
      name: "store + channel + sender role",
      input: { storeId: "north", channel: "email", senderRole: "customer" },
      keep: (r) => r.storeId === "north" && r.channel === "email" && r.senderRole === "customer",
    },
    {
      name: "status + order status + date range",
      input: { status: "closed", orderStatus: "delivered", from: generatedFrom, to: new Date("2025-01-01T00:10:00Z") },
      keep: (r) =>
        r.threadStatus === "closed" &&
        r.orderStatus === "delivered" &&
        r.createdAt >= generatedFrom &&
        r.createdAt.getTime() <= Date.parse("2025-01-01T00:10:00Z"),
    },
  ];
  it.each(cases)("$name", async ({ input, keep }) => {
    const expected = oracleIds(keep);
    expect(expected.length).toBeLessThanOrEqual(100);
    const answer = await search({ ...input, limit: 100 });
    expect(ids(answer)).toEqual(expected);
  });

  it("combines a keyword with filters", async () => {
    const answer = await search({ keyword: "lantern", storeId: "north", senderRole: "customer", limit: 100 });
    expect(answer.results.length).toBeGreaterThan(0);
    for (const r of answer.results) {
      expect(r.message.content).toContain("lantern");
      expect(r.message.senderRole).toBe("customer");
      expect(r.thread.orderNumber).toBe("ORD-9001");
    }
  });

  it("includes the ends of a date range, to the millisecond shown in createdAt", async () => {
    const inRange = oracle.filter((r) => r.createdAt >= generatedFrom && r.createdAt < generatedTo);
    const newest = inRange[0]!;
    const oldest = inRange.at(-1)!;
    const answer = await search({ from: oldest.createdAt, to: newest.createdAt, limit: 100 });
    expect(ids(answer)).toEqual(inRange.map((r) => r.id));
    // A bare date as the end means the whole day: through REST it arrives as a string.
    const day = await search({ from: "2025-01-01", to: "2025-01-01", limit: 100 });
    expect(ids(day)).toEqual(inRange.map((r) => r.id));
    const before = await search({ to: "2024-12-31", limit: 100 });
    expect(before.results).toHaveLength(0);
  });

  it("unread: messages the admin has no receipt for, their own excluded", async () => {
    const adminUser = admin.id;
    const someoneElses = oracle.filter((r) => r.senderId !== adminUser).slice(0, 5);
    await t.db.insert(messageReads).values(
      someoneElses.map((r) => ({ messageId: r.id, userId: adminUser, storeId: r.storeId, role: "admin" as const })),
    );
    // Alice's receipt says nothing about the admin's.
    await t.db.insert(messageReads).values({ messageId: oracle[6]!.id, userId: t.actor("alice@demo.test").id, storeId: oracle[6]!.storeId, role: "customer" });
    const read = new Set(someoneElses.map((r) => r.id));
    const answer = await search({ unread: true, limit: 100 });
    expect(ids(answer)).toEqual(oracleIds((r) => r.senderId !== adminUser && !read.has(r.id)));
    expect(answer.results.every((r) => !r.message.readByMe)).toBe(true);
    const everything = await search({ unread: false, limit: 100 });
    expect(everything.results).toHaveLength(oracle.length);
  });
});

describe("search.messages message fields", () => {
  it("carries attachments, readBy and readByMe like every ZMessage", async () => {
    const target = oracle.find((r) => r.orderNumber === "ORD-9002" && r.senderRole === "system")!;
    const [file] = await t.db
      .insert(attachments)
      .values({ fileName: "label.pdf", contentType: "application/pdf", size: 1234, sha256: "x", storageKey: "k" })
      .returning();
    await t.db.update(attachments).set({ messageId: target.id, storeId: target.storeId }).where(eq(attachments.id, file!.id));
    const sue = t.actor("sue@demo.test");
    await t.db.insert(messageReads).values([
      { messageId: target.id, userId: sue.id, storeId: target.storeId, role: "supplier", readAt: new Date("2025-02-01T00:00:00Z") },
      { messageId: target.id, userId: admin.id, storeId: target.storeId, role: "admin", readAt: new Date("2025-02-02T00:00:00Z") },
    ]).onConflictDoNothing();

    const answer = await search({ from: target.createdAt, to: target.createdAt, senderRole: "system", storeId: "south" });
    const hit = answer.results.find((r) => r.message.id === target.id)!;
    expect(hit.message.attachments).toEqual([
      { id: file!.id, fileName: "label.pdf", contentType: "application/pdf", size: 1234, url: `/api/attachments/${file!.id}` },
    ]);
    expect(hit.message.readByMe).toBe(true);
    expect(hit.message.readBy).toEqual([
      { userId: sue.id, role: "supplier", readAt: "2025-02-01T00:00:00.000Z" },
      { userId: admin.id, role: "admin", readAt: "2025-02-02T00:00:00.000Z" },
    ]);
    expect(hit.thread).toMatchObject({ orderNumber: "ORD-9002", status: "open", closedAt: null, closedBy: null });
    // The admin's own messages count as read by them.
    const own = await search({ senderRole: "admin", from: generatedFrom, limit: 1 });
    expect(own.results[0]?.message.readByMe).toBe(true);
  });
});

describe("search.messages paging", () => {
  const generated = () => oracleIds((r) => r.createdAt >= generatedFrom && r.createdAt < generatedTo);
  const range = { from: generatedFrom, to: generatedTo };

  it("pages by page and limit, newest first, with nextCursor null on the last page", async () => {
    const expected = generated();
    expect(expected).toHaveLength(60);
    const seen: string[] = [];
    for (let page = 1; page <= 9; page++) {
      const answer = await search({ ...range, page, limit: 7 });
      expect(answer).toMatchObject({ page, limit: 7 });
      seen.push(...ids(answer));
      expect(answer.nextCursor === null).toBe(page === 9);
    }
    expect(seen).toEqual(expected);
    expect((await search({ ...range, page: 10, limit: 7 })).results).toHaveLength(0);
  });

  it("walks the cursor without gaps or repeats, even across rows sharing a millisecond", async () => {
    const expected = generated();
    const seen: string[] = [];
    let cursor: string | undefined;
    let pages = 0;
    do {
      const answer = await search({ ...range, limit: 7, cursor });
      pages += 1;
      expect(answer.page).toBe(pages);
      expect(answer.limit).toBe(7);
      seen.push(...ids(answer));
      cursor = answer.nextCursor ?? undefined;
    } while (cursor && pages < 20);
    expect(pages).toBe(9);
    expect(seen).toEqual(expected);
    expect(new Set(seen).size).toBe(60);
  });

  it("continues with a cursor from an OFFSET page; the cursor wins over page", async () => {
    const expected = generated();
    const third = await search({ ...range, page: 3, limit: 10 });
    const fourth = await search({ ...range, page: 1, limit: 10, cursor: third.nextCursor! });
    expect(fourth.page).toBe(4);
    expect(ids(fourth)).toEqual(expected.slice(30, 40));
  });

  it("refuses page × limit over 1,000 with a 400 that points to the cursor", async () => {
    expect((await search({ page: 10, limit: 100 })).page).toBe(10);
    expect((await search({ page: 50, limit: 20 })).page).toBe(50);
    for (const input of [{ page: 11, limit: 100 }, { page: 51, limit: 20 }, { page: 1001 }]) {
      await expect(search(input)).rejects.toMatchObject({ code: "BAD_REQUEST", message: expect.stringMatching(/cursor/) });
    }
    // A cursor goes on past it.
    const last = await search({ page: 50, limit: 20 });
    const cursor = Buffer.from(JSON.stringify(["2025-01-01T00:00:00.000000Z", crypto.randomUUID(), 51])).toString("base64url");
    expect((await search({ limit: 20, cursor })).page).toBe(51);
    expect(last.results).toHaveLength(0);
  });

  it("uses limit 20 by default and refuses limits over 100, page 0 and foreign cursors", async () => {
    expect((await search()).limit).toBe(20);
    expect((await search({ limit: 100 })).limit).toBe(100);
    expect(await trpcCodeOf(search({ limit: 101 }))).toBe("BAD_REQUEST");
    expect(await trpcCodeOf(search({ limit: 0 }))).toBe("BAD_REQUEST");
    expect(await trpcCodeOf(search({ page: 0 }))).toBe("BAD_REQUEST");
    for (const cursor of ["nope", Buffer.from('["x","y",2]').toString("base64url"), Buffer.from("[1,2,3]").toString("base64url")]) {
      expect(await trpcCodeOf(search({ cursor }))).toBe("BAD_REQUEST");
    }
  });
});

/** Carries a plan out of a transaction that must roll back (it dropped an index to read it). */
class PlanCaptured extends Error {
  constructor(readonly plan: string) {
    super("plan captured");
  }
}

describe("search.messages query plans", () => {
  // Seventy rows are too few for the planner to prefer an index on its own, so the plans are
  // read with sequential scans (and, for the ordering, sorts) priced out: what remains shows
  // which indexes the query can use at all. Measured plans at 300k rows are in the commit log.
  async function planOf(input: Parameters<typeof buildSearchQuery>[2], settings: string[]): Promise<string> {
    const { query } = await buildSearchQuery(t.db, admin, input);
    return t.db.transaction(async (tx) => {
      for (const setting of settings) await tx.execute(sql.raw(`SET LOCAL ${setting} = off`));
      const rows = await queryRows<{ "QUERY PLAN": string }>(tx, sql`EXPLAIN ${query.getSQL()}`);
      return rows.map((r) => r["QUERY PLAN"]).join("\n");
    });
  }

  it("serves newest-first pages and cursors from messages_created_idx without sorting", async () => {
    await t.db.execute(sql`ANALYZE`);
    for (const input of [{}, { cursor: (await search({ limit: 5 })).nextCursor! }]) {
      const plan = await planOf(input, ["enable_seqscan", "enable_sort", "enable_bitmapscan"]);
      expect(plan).toContain("messages_created_idx");
      expect(plan).not.toMatch(/Sort Key/);
    }
  });

  it("picks a page filtered by channel, sender role or store from that column's index, in order", async () => {
    // Whether the planner prefers it to walking messages_created_idx depends on the data (at 1 M
    // with a burst of other messages on top it must); what the test holds is that the filter's
    // index serves the page's order by itself, so that index is taken out of the way here.
    await t.db.execute(sql`ANALYZE`);
    for (const [input, index] of [
      [{ channel: "email" }, "messages_channel_created_idx"],
      [{ senderRole: "supplier" }, "messages_sender_role_created_idx"],
      [{ storeId: "north" }, "messages_store_created_idx"],
    ] as const) {
      const { query } = await buildSearchQuery(t.db, admin, { ...input, limit: 50 });
      const plan = await t.db
        .transaction(async (tx) => {
          await tx.execute(sql`DROP INDEX messages_created_idx`);
          for (const setting of ["enable_seqscan", "enable_sort", "enable_bitmapscan"]) await tx.execute(sql.raw(`SET LOCAL ${setting} = off`));
          const rows = await queryRows<{ "QUERY PLAN": string }>(tx, sql`EXPLAIN ${query.getSQL()}`);
          throw new PlanCaptured(rows.map((r) => r["QUERY PLAN"]).join("\n"));
        })
        .catch((captured: unknown) => {
          if (captured instanceof PlanCaptured) return captured.plan;
          throw captured;
        });
      expect(plan).toMatch(new RegExp(`Index (Only )?Scan using ${index}`));
      // The only sort left is the final one over the page's 51 rows, above the choice.
      expect(plan.match(/Sort Key/g) ?? []).toHaveLength(1);
    }
  });

  it("reads a small unread set's messages by thread and sorts them, never walking every message by time", async () => {
    // An admin who had read everything has a set of none: walking messages_created_idx to fill a
    // page from it read all 1 M messages (1.05 s); the set's few messages are sorted instead.
    await t.db.execute(sql`ANALYZE`);
    const plan = await planOf({ unread: true }, ["enable_seqscan", "enable_bitmapscan", "enable_sort"]);
    // Sorted on the key hidden from the time index, even with sorts priced out.
    expect(plan).toMatch(/Sort Key: \(?\(?messages(_\d+)?\.created_at \+ '00:00:00'::interval\)/);
  });

  it("computes snippets, attachments and receipts only for the rows it returns, not those OFFSET skips", async () => {
    const { query } = await buildSearchQuery(t.db, admin, { keyword: "lantern", page: 3, limit: 5 });
    const rows = await queryRows<{ "QUERY PLAN": string }>(t.db, sql`EXPLAIN (VERBOSE) ${query.getSQL()}`);
    const plan = rows.map((r) => r["QUERY PLAN"]);
    // The Limit's subtree (where OFFSET's skipped rows flow) runs from the Limit node to the
    // first SubPlan of the node above it, which is where the per-row details are computed.
    const limitAt = plan.findIndex((line) => /->\s+Limit/.test(line));
    const subPlanAt = plan.findIndex((line, i) => i > limitAt && /SubPlan/.test(line));
    expect(limitAt).toBeGreaterThan(0);
    expect(subPlanAt).toBeGreaterThan(limitAt);
    const aboveLimit = [...plan.slice(0, limitAt), ...plan.slice(subPlanAt)];
    const limitSubtree = plan.slice(limitAt, subPlanAt);
    expect(aboveLimit.some((line) => line.includes("ts_headline"))).toBe(true);
    expect(aboveLimit.some((line) => line.includes("json_agg"))).toBe(true);
    expect(limitSubtree.some((line) => line.includes("ts_headline") || line.includes("json_agg"))).toBe(false);
  });

  it("finds keyword hits through the GIN index, and order-number hits through thread_id beside it", async () => {
    expect(await planOf({ keyword: "zeppelin" }, ["enable_seqscan", "enable_indexscan"])).toContain("messages_search_idx");
    const byOrder = await planOf({ keyword: "ORD-1002" }, ["enable_seqscan", "enable_indexscan"]);
    expect(byOrder).toContain("BitmapOr");
    expect(byOrder).toContain("messages_search_idx");
    expect(byOrder).toContain("messages_thread_created_idx");
  });
});

describe("oracle sanity", () => {
  it("holds 70 messages: the seed's 10 and 60 generated", async () => {
    expect(oracle).toHaveLength(70);
    const [first] = await t.db.select().from(messages).orderBy(asc(messages.createdAt)).limit(1);
    expect(first?.createdAt.toISOString()).toBe("2025-01-01T00:00:00.000Z");
  });
});

// Last: it adds a message the oracle above does not know.
describe("search.messages snippets", () => {
  it("keep text that looks like markup, which ts_headline alone would drop", async () => {
    const content = "Is <b>quokka</b> ready? Price a<b and c>d stays";
    await callerFor(admin).messages.send({ orderNumber: "ORD-1001", content });
    const [hit] = (await search({ keyword: "quokka" })).results;
    expect(hit?.message.content).toBe(content);
    expect(hit?.snippet).toContain("**quokka**</b> ready?");
    expect(hit?.snippet).toContain("Price a<b and c>d stays");
  });
});
