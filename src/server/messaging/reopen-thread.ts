import { and, eq } from "drizzle-orm";
import { canCloseOrReopenThread, type Actor } from "../access";
import { writeAudit, type RequestMeta } from "../audit/write-audit";
import type { Database } from "../db/client";
import { threads } from "../db/schema";
import { conflict, forbidden, notFound } from "../errors";
import { emitDomainEvent } from "../events/domain-events";
import { findAccessibleOrder } from "./find-accessible-order";
import { toThreadView, type ThreadView } from "./thread-view";

export interface ReopenThreadInput {
  orderNumber: string;
}

/**
 * Reopens a closed thread (staff only) and forgets who closed it; the audit log keeps the history.
 * (A customer's message reopens a thread too: see send-message.ts.)
 */
export async function reopenThread(
  db: Database,
  actor: Actor,
  input: ReopenThreadInput,
  request: RequestMeta,
): Promise<ThreadView> {
  if (!canCloseOrReopenThread(actor)) throw forbidden("Only staff can reopen a thread");
  const { view, storeId } = await db.transaction(async (tx) => {
    const { order, thread } = await findAccessibleOrder(tx, actor, input.orderNumber);
    if (!thread) throw notFound("Thread");
    const [reopened] = await tx
      .update(threads)
      .set({ status: "open", closedAt: null, closedBy: null })
      .where(and(eq(threads.id, thread.id), eq(threads.status, "closed")))
      .returning();
    if (!reopened) throw conflict("Thread is already open");
    await writeAudit(
      tx,
      {
        actor,
        action: "thread.reopened",
        storeId: order.storeId,
        orderId: order.id,
        threadId: reopened.id,
        metadata: { reason: "staff", previouslyClosedBy: thread.closedBy, previouslyClosedAt: thread.closedAt?.toISOString() ?? null },
      },
      request,
    );
    return { view: toThreadView(actor, reopened, order.orderNumber), storeId: order.storeId };
  });
  emitDomainEvent("THREAD_REOPENED", { threadId: view.id, orderNumber: view.orderNumber, storeId, reopenedBy: actor.id });
  return view;
}
