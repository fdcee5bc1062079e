import { and, eq } from "drizzle-orm";
import { visibleOrdersWhere, type Actor } from "../access";
import type { DbOrTx } from "../db/client";
import { orders, threads } from "../db/schema";
import { notFound } from "../errors";

export type OrderRow = typeof orders.$inferSelect;
export type ThreadRow = typeof threads.$inferSelect;

/**
 * The order with this number if the actor may see it, with its thread if one exists.
 * The access rule is inside the query: an order the actor may not see is "not found",
 * exactly like one that does not exist.
 */
export async function findAccessibleOrder(
  db: DbOrTx,
  actor: Actor,
  orderNumber: string,
): Promise<{ order: OrderRow; thread: ThreadRow | null }> {
  const [row] = await db
    .select({ order: orders, thread: threads })
    .from(orders)
    .leftJoin(threads, eq(threads.orderId, orders.id))
    .where(and(eq(orders.orderNumber, orderNumber), visibleOrdersWhere(db, actor)))
    .limit(1);
  if (!row) throw notFound();
  return row;
}
