import { and, asc, eq, sql } from "drizzle-orm";
import { canSeeFulfillingSuppliers, visibleOrdersWhere, type Actor } from "../access";
import type { DbOrTx } from "../db/client";
import { orderFulfillments, orders, suppliers } from "../db/schema";
import { notFound } from "../errors";
import { orderSummaries, type OrderSummary } from "./list-orders";

export interface GetOrderInput {
  orderNumber: string;
}

/**
 * One order as its summary in "Your orders" shows it. Which suppliers fulfil it is told to partners
 * and admins only (`canSeeFulfillingSuppliers`): a customer's answer has no such field, and its
 * output schema strips one if it were ever set.
 */
export type OrderDetails =
  | (OrderSummary & { viewer: "customer" })
  | (OrderSummary & { viewer: "admin" | "reseller" | "supplier"; suppliers: { id: string; name: string }[] });

/**
 * The order with this number if the actor may see it: the access predicate is in both statements'
 * WHERE (sent together), so an order the actor may not see is "not found", exactly like a missing one.
 */
export async function getOrder(db: DbOrTx, actor: Actor, input: GetOrderInput): Promise<OrderDetails> {
  const summary = orderSummaries(
    db,
    actor,
    sql`
      SELECT orders.id, orders.order_number, orders.status AS order_status, orders.store_id, orders.created_at
      FROM orders
      WHERE orders.order_number = ${input.orderNumber} AND ${visibleOrdersWhere(db, actor)}`,
  );
  if (!canSeeFulfillingSuppliers(actor)) {
    const [order] = await summary;
    if (!order) throw notFound();
    return { ...order, viewer: "customer" };
  }
  const fulfilledBy = db
    .select({ id: suppliers.id, name: suppliers.name })
    .from(orderFulfillments)
    .innerJoin(suppliers, eq(suppliers.id, orderFulfillments.supplierId))
    .innerJoin(orders, eq(orders.id, orderFulfillments.orderId))
    .where(and(eq(orders.orderNumber, input.orderNumber), visibleOrdersWhere(db, actor)))
    .orderBy(asc(suppliers.name));
  const [[order], named] = await Promise.all([summary, fulfilledBy]);
  if (!order) throw notFound();
  return { ...order, viewer: actor.role, suppliers: named };
}
