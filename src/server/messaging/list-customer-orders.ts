import { and, desc, eq, ne, sql } from "drizzle-orm";
import { visibleOrdersWhere, visibleThreadsWhere, type Actor } from "../access";
import type { DbOrTx } from "../db/client";
import { orders, threads } from "../db/schema";
import { notFound } from "../errors";

export interface ListCustomerOrdersInput {
  threadId: string;
}

export interface CustomerOrder {
  orderNumber: string;
  status: (typeof orders.$inferSelect)["status"];
  createdAt: string;
  /** Null while the order has no conversation yet. */
  threadId: string | null;
}

/** How many of the customer's other orders the side panel lists (newest first). */
export const CUSTOMER_ORDERS_SHOWN = 10;

/**
 * The other orders of the customer whose thread is open, for the panel beside it. The customer is
 * their email (guest orders have no account; an account's orders carry its email), matched through
 * the `lower(customer_email)` index. Both statements hold the access rule in their WHERE: a thread
 * the actor may not see is not found, and no order they may not see is listed.
 */
export async function listCustomerOrders(db: DbOrTx, actor: Actor, input: ListCustomerOrdersInput): Promise<CustomerOrder[]> {
  const [open] = await db
    .select({ orderId: orders.id, email: orders.customerEmail })
    .from(threads)
    .innerJoin(orders, eq(orders.id, threads.orderId))
    .where(and(eq(threads.id, input.threadId), visibleThreadsWhere(db, actor)))
    .limit(1);
  if (!open) throw notFound("Thread");

  const rows = await db
    .select({ orderNumber: orders.orderNumber, status: orders.status, createdAt: orders.createdAt, threadId: threads.id })
    .from(orders)
    .leftJoin(threads, eq(threads.orderId, orders.id))
    .where(
      and(
        sql`lower(${orders.customerEmail}) = lower(${open.email})`,
        ne(orders.id, open.orderId),
        visibleOrdersWhere(db, actor),
      ),
    )
    .orderBy(desc(orders.createdAt), desc(orders.id))
    .limit(CUSTOMER_ORDERS_SHOWN);
  return rows.map((row) => ({ ...row, createdAt: row.createdAt.toISOString() }));
}
