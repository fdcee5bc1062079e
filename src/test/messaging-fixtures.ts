import { randomBytes } from "node:crypto";
import { createCaller } from "~/server/api/root";
import type { Actor } from "~/server/access";
import { actorFromUser } from "~/server/access/actor-from-user";
import { noRequestMeta, type RequestMeta } from "~/server/audit/write-audit";
import { orderFulfillments, orders, users } from "~/server/db/schema";
import type { TestDatabase } from "~/test/test-database";

/** Test-only: what the messaging, API and access tests share. Never imported by application code. */

/** The app router as this actor would call it over HTTP. */
export function callerFor(t: TestDatabase, who: string | Actor, request: RequestMeta = noRequestMeta) {
  const actor = typeof who === "string" ? t.actor(who) : who;
  return createCaller({ db: t.db, actor, request });
}

/** A new order (no thread yet) with a customer of its own, so per-user limits start empty. */
export async function createOrderWithCustomer(
  t: TestDatabase,
  options: { storeId?: string; supplierId?: string } = {},
): Promise<{ orderNumber: string; orderId: string; storeId: string; customer: Actor }> {
  const tag = randomBytes(4).toString("hex");
  const storeId = options.storeId ?? "north";
  const [user] = await t.db
    .insert(users)
    .values({ email: `customer-${tag}@test.example`, name: `Customer ${tag}`, role: "customer" })
    .returning();
  if (!user) throw new Error("no user");
  const [order] = await t.db
    .insert(orders)
    .values({
      orderNumber: `ORD-T${tag}`,
      storeId,
      customerId: user.id,
      customerName: user.name,
      customerEmail: user.email,
      status: "processing",
    })
    .returning();
  if (!order) throw new Error("no order");
  await t.db.insert(orderFulfillments).values({ storeId, orderId: order.id, supplierId: options.supplierId ?? "acme" });
  return { orderNumber: order.orderNumber, orderId: order.id, storeId, customer: actorFromUser(user) };
}

/** Waits for the listeners that onDomainEvent runs on a later tick. */
export const settleListeners = () => new Promise((resolve) => setTimeout(resolve, 20));
