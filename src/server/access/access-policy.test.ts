import { eq, sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestDatabase, type TestDatabase } from "~/test/test-database";
import { messages, orderFulfillments, orders, stores, suppliers, threads, users } from "../db/schema";
import type { Actor } from "./actor";
import {
  canAccessOrder,
  canSeeFulfillingSuppliers,
  canSeeMessage,
  canSeeWhoRead,
  canSeeThread,
  canCloseOrReopenThread,
  canRecordOtherChannel,
  canSeeCustomerContact,
  canSearchAllMessages,
  canSeeInternalNotes,
  canWriteInternalNote,
  reopensClosedThread,
  threadActivityAt,
  type OrderAccessFacts,
  type ThreadAccessFacts,
} from "./policy";
import { visibleMessagesWhere, visibleOrdersWhere, visibleThreadsWhere } from "./visibility-where";

/**
 * Every role against every relationship an actor can have to an order. The expected column is
 * written from DESIGN.md's rule, not from the implementation; both the pure function and the SQL
 * predicate are held to it.
 */
const relationships = [
  "own order",
  "another customer's order",
  "order of own store",
  "order of another store",
  "fulfilled by own supplier",
  "fulfilled by another supplier",
  "nonexistent order",
] as const;
type Relationship = (typeof relationships)[number];

const actors: Record<Actor["role"], Actor> = {
  customer: { id: "00000000-0000-4000-8000-00000000000c", role: "customer", name: "C", email: "c@x", storeId: null, supplierId: null },
  reseller: { id: "00000000-0000-4000-8000-00000000000e", role: "reseller", name: "R", email: "r@x", storeId: "s1", supplierId: null },
  supplier: { id: "00000000-0000-4000-8000-00000000000f", role: "supplier", name: "S", email: "s@x", storeId: null, supplierId: "p1" },
  admin: { id: "00000000-0000-4000-8000-00000000000a", role: "admin", name: "A", email: "a@x", storeId: null, supplierId: null },
};
const OTHER_CUSTOMER = "00000000-0000-4000-8000-0000000000cc";

/** The order facts that realise a relationship for `actor` (null: there is no such order). */
function orderFor(actor: Actor, relationship: Relationship): OrderAccessFacts | null {
  const base = { storeId: "s2", customerId: OTHER_CUSTOMER, supplierIds: ["p2"] };
  switch (relationship) {
    case "own order":
      return { ...base, customerId: actor.id };
    case "another customer's order":
      return base;
    case "order of own store":
      return { ...base, storeId: actor.storeId ?? "s1" };
    case "order of another store":
      return base;
    case "fulfilled by own supplier":
      return { ...base, supplierIds: ["p3", actor.supplierId ?? "p1"] };
    case "fulfilled by another supplier":
      return base;
    case "nonexistent order":
      return null;
  }
}

const allowed: Record<Actor["role"], Relationship[]> = {
  admin: relationships.filter((r) => r !== "nonexistent order"),
  customer: ["own order"],
  reseller: ["order of own store"],
  supplier: ["fulfilled by own supplier"],
};

const matrix = (Object.keys(actors) as Actor["role"][]).flatMap((role) =>
  relationships.map((relationship) => ({ role, relationship, expected: allowed[role].includes(relationship) })),
);

/**
 * Threads and messages: a thread holding only internal notes does not exist for non-admins, and
 * internal notes are for admins alone — on top of the order rule above.
 */
const threadStates = ["has public messages", "internal notes only"] as const;
type ThreadState = (typeof threadStates)[number];
const messageKinds = ["public message", "internal note"] as const;

const threadFacts = (state: ThreadState): ThreadAccessFacts => {
  const at = new Date("2026-01-01T00:00:00Z");
  return { lastMessageAt: at, lastPublicMessageAt: state === "has public messages" ? at : null };
};

const threadMatrix = matrix.flatMap((row) =>
  threadStates.flatMap((threadState) =>
    messageKinds
      // A thread of internal notes only holds no public message.
      .filter((kind) => !(threadState === "internal notes only" && kind === "public message"))
      .map((messageKind) => ({
        ...row,
        threadState,
        messageKind,
        // Written from the rule, not the code.
        threadExpected: row.expected && (row.role === "admin" || threadState === "has public messages"),
        messageExpected: row.expected && (row.role === "admin" || messageKind === "public message"),
      })),
  ),
);

describe("canSeeThread and canSeeMessage: role × relationship × thread × message", () => {
  it.each(threadMatrix)(
    "$role, $relationship, $threadState, $messageKind → thread $threadExpected, message $messageExpected",
    ({ role, relationship, threadState, messageKind, threadExpected, messageExpected }) => {
      const actor = actors[role];
      const order = orderFor(actor, relationship);
      const thread = threadFacts(threadState);
      expect(order !== null && canSeeThread(actor, order, thread)).toBe(threadExpected);
      expect(order !== null && canSeeMessage(actor, order, thread, { isInternal: messageKind === "internal note" })).toBe(messageExpected);
    },
  );

  it("dates a thread by its last public message for everyone but admins", () => {
    const thread = { lastMessageAt: new Date("2026-01-02T00:00:00Z"), lastPublicMessageAt: new Date("2026-01-01T00:00:00Z") };
    expect(threadActivityAt(actors.admin, thread)).toEqual(thread.lastMessageAt);
    for (const role of ["customer", "reseller", "supplier"] as const) {
      expect(threadActivityAt(actors[role], thread)).toEqual(thread.lastPublicMessageAt);
      expect(threadActivityAt(actors[role], { ...thread, lastPublicMessageAt: null })).toBeNull();
    }
  });
});

describe("canAccessOrder: role × relationship", () => {
  it.each(matrix)("$role, $relationship → $expected", ({ role, relationship, expected }) => {
    const actor = actors[role];
    const order = orderFor(actor, relationship);
    expect(order !== null && canAccessOrder(actor, order)).toBe(expected);
  });

  it("a role the policy does not know gets nothing (fails closed)", () => {
    const unknown = { ...actors.admin, role: undefined } as unknown as Actor;
    expect(canAccessOrder(unknown, { storeId: "s1", customerId: unknown.id, supplierIds: ["p1"] })).toBe(false);
  });

  it("a reseller or supplier without a scope sees nothing", () => {
    const order = { storeId: "s1", customerId: OTHER_CUSTOMER, supplierIds: ["p1"] };
    expect(canAccessOrder({ ...actors.reseller, storeId: null }, order)).toBe(false);
    expect(canAccessOrder({ ...actors.supplier, supplierId: null }, order)).toBe(false);
  });
});

describe("staff-only capabilities", () => {
  it.each(Object.values(actors))("$role", (actor) => {
    const isAdmin = actor.role === "admin";
    expect(canSeeInternalNotes(actor)).toBe(isAdmin);
    expect(canWriteInternalNote(actor)).toBe(isAdmin);
    expect(canCloseOrReopenThread(actor)).toBe(isAdmin);
    expect(canSearchAllMessages(actor)).toBe(isAdmin);
    expect(canRecordOtherChannel(actor)).toBe(isAdmin);
    expect(canSeeCustomerContact(actor)).toBe(isAdmin);
    // Which supplier fulfils an order is not the customer's to know (drop-shipping).
    expect(canSeeFulfillingSuppliers(actor)).toBe(actor.role !== "customer");
    // Nor which person of the shop, or which partner, read their message.
    expect(canSeeWhoRead(actor)).toBe(actor.role !== "customer");
    expect(reopensClosedThread(actor)).toBe(actor.role === "customer");
  });
});

describe("visibleOrdersWhere agrees with canAccessOrder on real rows", () => {
  let t: TestDatabase;
  const dbActors = {} as Record<Actor["role"], Actor>;
  const orderIds = new Map<string, string>();

  beforeAll(async () => {
    t = await createTestDatabase();
    await t.db.insert(stores).values([{ id: "s1", name: "S1" }, { id: "s2", name: "S2" }]);
    await t.db.insert(suppliers).values([{ id: "p1", name: "P1" }, { id: "p2", name: "P2" }, { id: "p3", name: "P3" }]);
    for (const actor of Object.values(actors)) {
      const [row] = await t.db
        .insert(users)
        .values({ email: `${actor.role}@matrix.test`, name: actor.name, role: actor.role, storeId: actor.storeId, supplierId: actor.supplierId })
        .returning();
      if (!row) throw new Error("no user");
      dbActors[actor.role] = { ...actor, id: row.id };
    }
    const [other] = await t.db.insert(users).values({ email: "other@matrix.test", name: "O", role: "customer" }).returning();
    if (!other) throw new Error("no user");
    // One order per (role, relationship, thread state) so each row of the tables has its own
    // order; its thread holds an internal note, and a public message unless it is notes only.
    const staff = dbActors.admin;
    for (const { role, relationship } of matrix) {
      const facts = orderFor(dbActors[role], relationship);
      if (!facts) continue;
      for (const threadState of threadStates) {
        const number = `M-${role}-${relationship}-${threadState}`;
        const customerId = facts.customerId === OTHER_CUSTOMER ? other.id : facts.customerId;
        const [order] = await t.db
          .insert(orders)
          .values({ orderNumber: number, storeId: facts.storeId, customerId, customerName: "x", customerEmail: "x@x" })
          .returning();
        if (!order) throw new Error("no order");
        await t.db.insert(orderFulfillments).values(facts.supplierIds.map((supplierId) => ({ storeId: facts.storeId, orderId: order.id, supplierId })));
        const at = new Date("2026-01-01T00:00:00Z");
        const [thread] = await t.db
          .insert(threads)
          .values({ storeId: facts.storeId, orderId: order.id, lastMessageAt: at, lastPublicMessageAt: threadState === "has public messages" ? at : null })
          .returning();
        if (!thread) throw new Error("no thread");
        const message = { storeId: facts.storeId, threadId: thread.id, createdAt: at };
        await t.db.insert(messages).values([
          { ...message, senderRole: "admin", senderId: staff.id, senderName: "A", content: "internal note", isInternal: true },
          ...(threadState === "has public messages"
            ? [{ ...message, senderRole: "system" as const, senderName: "Shop", content: "public message", isInternal: false }]
            : []),
        ]);
        orderIds.set(number, order.id);
      }
    }
  });
  afterAll(() => t.close());

  it.each(matrix)("$role, $relationship → $expected", async ({ role, relationship, expected }) => {
    const actor = dbActors[role];
    const number = `M-${role}-${relationship}-has public messages`;
    const rows = await t.db
      .select({ id: orders.id })
      .from(orders)
      .where(sql`${eq(orders.orderNumber, number)} AND ${visibleOrdersWhere(t.db, actor)}`);
    expect(rows.length === 1).toBe(expected);
  });

  it.each(threadMatrix)(
    "$role, $relationship, $threadState, $messageKind → thread $threadExpected, message $messageExpected (SQL)",
    async ({ role, relationship, threadState, messageKind, threadExpected, messageExpected }) => {
      const actor = dbActors[role];
      const number = `M-${role}-${relationship}-${threadState}`;
      const visibleThreads = await t.db
        .select({ id: threads.id })
        .from(threads)
        .innerJoin(orders, eq(orders.id, threads.orderId))
        .where(sql`${eq(orders.orderNumber, number)} AND ${visibleThreadsWhere(t.db, actor)}`);
      expect(visibleThreads.length === 1).toBe(threadExpected);
      const visibleMessages = await t.db
        .select({ id: messages.id })
        .from(messages)
        .innerJoin(threads, eq(threads.id, messages.threadId))
        .innerJoin(orders, eq(orders.id, threads.orderId))
        .where(
          sql`${eq(orders.orderNumber, number)} AND ${eq(messages.content, messageKind)}
              AND ${visibleThreadsWhere(t.db, actor)} AND ${visibleMessagesWhere(actor)}`,
        );
      expect(visibleMessages.length === 1).toBe(messageExpected);
    },
  );
});

describe("visibleOrdersWhere for a role it does not know", () => {
  let t: TestDatabase;
  beforeAll(async () => {
    t = await createTestDatabase();
  });
  afterAll(() => t.close());

  it("matches no order (fails closed instead of dropping the condition)", async () => {
    const unknown = { ...t.actor("admin@demo.test"), role: undefined } as unknown as Actor;
    const where = visibleOrdersWhere(t.db, unknown);
    expect(where).toBeDefined();
    expect(await t.db.$count(orders, where)).toBe(0);
    expect(await t.db.$count(orders)).toBeGreaterThan(0);
  });
});
