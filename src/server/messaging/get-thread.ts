import { and, asc, eq } from "drizzle-orm";
import { canSeeCustomerContact, canSeeFulfillingSuppliers, visibleThreadsWhere, type Actor } from "../access";
import type { DbOrTx } from "../db/client";
import { orderFulfillments, orders, suppliers, threads } from "../db/schema";
import { notFound } from "../errors";
import { toThreadView, type ThreadView } from "./thread-view";

export interface GetThreadInput {
  threadId: string;
}

interface ThreadDetailsBase extends ThreadView {
  orderStatus: (typeof orders.$inferSelect)["status"];
  storeId: string;
  customerName: string;
  /** Contact details are for staff only; null for everyone else. */
  customerEmail: string | null;
  customerPhone: string | null;
}

/**
 * A thread with the order facts the inbox and portal pages show beside it. Which suppliers fulfil
 * the order is told to partners and admins only (`canSeeFulfillingSuppliers`): a customer's view
 * has no such field, and its output schema strips one if it were ever set.
 */
export type ThreadDetails =
  | (ThreadDetailsBase & { viewer: "customer" })
  | (ThreadDetailsBase & { viewer: "admin" | "reseller" | "supplier"; suppliers: { id: string; name: string }[] });

export async function getThread(db: DbOrTx, actor: Actor, input: GetThreadInput): Promise<ThreadDetails> {
  const [row] = await db
    .select({ thread: threads, order: orders })
    .from(threads)
    .innerJoin(orders, eq(orders.id, threads.orderId))
    .where(and(eq(threads.id, input.threadId), visibleThreadsWhere(db, actor)))
    .limit(1);
  if (!row) throw notFound("Thread");
  const { thread, order } = row;

  const staff = canSeeCustomerContact(actor);
  const base: ThreadDetailsBase = {
    ...toThreadView(actor, thread, order.orderNumber),
    orderStatus: order.status,
    storeId: order.storeId,
    customerName: order.customerName,
    customerEmail: staff ? order.customerEmail : null,
    customerPhone: staff ? order.customerPhone : null,
  };
  if (!canSeeFulfillingSuppliers(actor)) return { ...base, viewer: "customer" };

  const fulfilledBy = await db
    .select({ id: suppliers.id, name: suppliers.name })
    .from(orderFulfillments)
    .innerJoin(suppliers, eq(suppliers.id, orderFulfillments.supplierId))
    .where(eq(orderFulfillments.orderId, order.id))
    .orderBy(asc(suppliers.name));
  return { ...base, viewer: actor.role, suppliers: fulfilledBy };
}
