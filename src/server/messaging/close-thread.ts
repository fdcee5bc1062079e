import { and, eq, sql } from "drizzle-orm";
import { canCloseOrReopenThread, type Actor } from "../access";
import { writeAudit, type RequestMeta } from "../audit/write-audit";
import type { Database } from "../db/client";
import { threads } from "../db/schema";
import { conflict, forbidden, notFound } from "../errors";
import { emitDomainEvent } from "../events/domain-events";
import { findAccessibleOrder } from "./find-accessible-order";
import { toThreadView, type ThreadView } from "./thread-view";

export interface CloseThreadInput {
  orderNumber: string;
}

/**
 * Closes an order's thread (staff only). The status test is part of the UPDATE, so of two admins
 * closing at once exactly one succeeds and the other gets a conflict.
 */
export async function closeThread(
  db: Database,
  actor: Actor,
  input: CloseThreadInput,
  request: RequestMeta,
): Promise<ThreadView> {
  if (!canCloseOrReopenThread(actor)) throw forbidden("Only staff can close a thread");
  const { view, storeId } = await db.transaction(async (tx) => {
    const { order, thread } = await findAccessibleOrder(tx, actor, input.orderNumber);
    if (!thread) throw notFound("Thread");
    const [closed] = await tx
      .update(threads)
      .set({ status: "closed", closedAt: sql`now()`, closedBy: actor.id })
      .where(and(eq(threads.id, thread.id), eq(threads.status, "open")))
      .returning();
    if (!closed) throw conflict("Thread is already closed");
    await writeAudit(
      tx,
      { actor, action: "thread.closed", storeId: order.storeId, orderId: order.id, threadId: closed.id },
      request,
    );
    return { view: toThreadView(actor, closed, order.orderNumber), storeId: order.storeId };
  });
  emitDomainEvent("THREAD_CLOSED", { threadId: view.id, orderNumber: view.orderNumber, storeId, closedBy: actor.id });
  return view;
}
