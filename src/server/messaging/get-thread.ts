import { and, asc, eq } from "drizzle-orm";
import { canSeeCustomerContact, visibleOrdersWhere, type Actor } from "../access";
import type { DbOrTx } from "../db/client";
import { orderFulfillments, orders, suppliers, threads } from "../db/schema";
import { notFound } from "../errors";
import { isThreadVisibleTo, toThreadView, type ThreadView } from "./thread-view";

export interface GetThreadInput {
  threadId: string;
}

/** A thread with the order facts the inbox and portal pages show beside it. */
export interface ThreadDetails extends ThreadView {
  orderStatus: (typeof orders.$inferSelect)["status"];
  storeId: string;
  customerName: string;
  /** Contact details are for staff only; null for everyone else. */
  customerEmail: string | null;
  customerPhone: string | null;
  suppliers: { id: string; name: string }[];
}

export async function getThread(db: DbOrTx, actor: Actor, input: GetThreadInput): Promise<ThreadDetails> {
  const [row] = await db
    .select({ thread: threads, order: orders })
    .from(threads)
    .innerJoin(orders, and(eq(orders.id, threads.orderId), eq(orders.storeId, threads.storeId)))
    .where(and(eq(threads.id, input.threadId), visibleOrdersWhere(db, actor)))
    .limit(1);
  // A thread with internal notes only does not exist yet for those who may not read them.
  if (!row || !isThreadVisibleTo(actor, row.thread)) throw notFound("Thread");
  const { thread, order } = row;

  const fulfilledBy = await db
    .select({ id: suppliers.id, name: suppliers.name })
    .from(orderFulfillments)
    .innerJoin(suppliers, eq(suppliers.id, orderFulfillments.supplierId))
    .where(and(eq(orderFulfillments.storeId, order.storeId), eq(orderFulfillments.orderId, order.id)))
    .orderBy(asc(suppliers.name));

  const staff = canSeeCustomerContact(actor);
  return {
    ...toThreadView(actor, thread, order.orderNumber),
    orderStatus: order.status,
    storeId: order.storeId,
    customerName: order.customerName,
    customerEmail: staff ? order.customerEmail : null,
    customerPhone: staff ? order.customerPhone : null,
    suppliers: fulfilledBy,
  };
}
