import { and, eq } from "drizzle-orm";
import type { Transaction } from "../db/client";
import { threads } from "../db/schema";
import type { OrderRow, ThreadRow } from "./find-accessible-order";

/**
 * The order's thread, created if it has none, locked for the rest of the transaction.
 *
 * Race-safe without retries: of concurrent first messages one INSERT wins; the others wait on the
 * unique (store_id, order_id) key, do nothing, and then read the winner's committed row. The row
 * lock (FOR NO KEY UPDATE, which still lets other writers insert messages referencing the thread)
 * serialises senders of one thread, so "was it closed?" and last_message_at are decided on the
 * current row.
 */
export async function ensureThread(
  tx: Transaction,
  order: Pick<OrderRow, "id" | "storeId">,
): Promise<{ thread: ThreadRow; created: boolean }> {
  const [inserted] = await tx
    .insert(threads)
    .values({ storeId: order.storeId, orderId: order.id })
    .onConflictDoNothing({ target: [threads.storeId, threads.orderId] })
    .returning();
  if (inserted) return { thread: inserted, created: true };

  const [existing] = await tx
    .select()
    .from(threads)
    .where(and(eq(threads.storeId, order.storeId), eq(threads.orderId, order.id)))
    .for("no key update");
  if (!existing) throw new Error(`thread of order ${order.id} vanished after a conflicting insert`);
  return { thread: existing, created: false };
}
