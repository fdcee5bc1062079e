import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { orders, threads } from "~/server/db/schema";
import { createTestDatabase, type TestDatabase } from "~/test/test-database";
import { callerFor } from "~/test/messaging-fixtures";

let t: TestDatabase;
beforeAll(async () => {
  t = await createTestDatabase();
});
afterAll(() => t.close());

async function threadIdOf(orderNumber: string): Promise<string> {
  const [row] = await t.db
    .select({ id: threads.id })
    .from(threads)
    .innerJoin(orders, eq(orders.id, threads.orderId))
    .where(eq(orders.orderNumber, orderNumber));
  if (!row) throw new Error(`no thread for ${orderNumber}`);
  return row.id;
}

describe("threads.customerOrders", () => {
  it("lists the same customer's other orders (by email, any case), each with its thread", async () => {
    // Alice has ORD-1001 and ORD-1003; a guest order typed with her email in capitals is hers too.
    const [store] = await t.db.select({ id: orders.storeId }).from(orders).where(eq(orders.orderNumber, "ORD-1001"));
    await t.db.insert(orders).values({
      storeId: store!.id,
      orderNumber: "ORD-GUEST-1",
      customerName: "Alice (guest)",
      customerEmail: "ALICE@demo.test",
      createdAt: new Date("2020-01-01T00:00:00Z"),
    });
    const list = await callerFor(t, "admin@demo.test").threads.customerOrders({ threadId: await threadIdOf("ORD-1001") });
    expect(list.map((o) => o.orderNumber)).toEqual(["ORD-1003", "ORD-GUEST-1"]);
    expect(list[0]!.threadId).toBe(await threadIdOf("ORD-1003"));
    expect(list[1]!.threadId).toBeNull();
    // Bob's order is never among Alice's.
    const bobs = await callerFor(t, "admin@demo.test").threads.customerOrders({ threadId: await threadIdOf("ORD-1002") });
    expect(bobs).toEqual([]);
  });

  it("is refused to everyone but admins, and a missing thread is not found", async () => {
    const threadId = await threadIdOf("ORD-1001");
    for (const who of ["alice@demo.test", "rita@demo.test", "sid@demo.test"]) {
      await expect(callerFor(t, who).threads.customerOrders({ threadId })).rejects.toMatchObject({ code: "FORBIDDEN" });
    }
    await expect(
      callerFor(t, "admin@demo.test").threads.customerOrders({ threadId: "00000000-0000-4000-8000-000000000000" }),
    ).rejects.toMatchObject({ code: "NOT_FOUND" });
  });
});
