import { and, eq, sql } from "drizzle-orm";
import type { PgUpdateSetSource } from "drizzle-orm/pg-core";
import { canCloseOrReopenThread, type Actor } from "../access";
import { writeAudit, type AuditAction, type RequestMeta } from "../audit/write-audit";
import type { Database } from "../db/client";
import { threads } from "../db/schema";
import { conflict, forbidden, notFound } from "../errors";
import { emitDomainEvents, type PendingDomainEvent } from "../events/domain-events";
import { findAccessibleOrder, type ThreadRow } from "./find-accessible-order";
import { toThreadView, type ThreadView } from "./thread-view";

export interface ChangeThreadStatusInput {
  orderNumber: string;
}

type ThreadStatus = ThreadRow["status"];

/** What differs between closing and reopening: data, not a second copy of the function. */
interface StatusChange {
  from: ThreadStatus;
  to: ThreadStatus;
  verb: string;
  action: AuditAction;
  /** The thread columns the change sets besides status. */
  columns(actor: Actor): PgUpdateSetSource<typeof threads>;
  metadata(before: ThreadRow): Record<string, unknown> | undefined;
  event(view: ThreadView, storeId: string, actor: Actor): PendingDomainEvent;
}

const closing: StatusChange = {
  from: "open",
  to: "closed",
  verb: "close",
  action: "thread.closed",
  columns: (actor) => ({ closedAt: sql`now()`, closedBy: actor.id }),
  metadata: () => undefined,
  event: (view, storeId, actor) => ({
    name: "THREAD_CLOSED",
    payload: { threadId: view.id, orderNumber: view.orderNumber, storeId, closedBy: actor.id },
  }),
};

const reopening: StatusChange = {
  from: "closed",
  to: "open",
  verb: "reopen",
  action: "thread.reopened",
  // Who closed it is forgotten on the thread; the audit row keeps the history.
  columns: () => ({ closedAt: null, closedBy: null, reopenedAt: sql`now()`, reopenReason: "staff" }),
  metadata: (before) => ({
    reason: "staff",
    previouslyClosedBy: before.closedBy,
    previouslyClosedAt: before.closedAt?.toISOString() ?? null,
  }),
  event: (view, storeId, actor) => ({
    name: "THREAD_REOPENED",
    payload: { threadId: view.id, orderNumber: view.orderNumber, storeId, reopenedBy: actor.id },
  }),
};

/**
 * Closes or reopens an order's thread (staff only). The status test is part of the UPDATE, so of
 * two admins doing the same at once exactly one succeeds and the other gets a conflict.
 * (A customer's message reopens a thread too, inside the send: see reopen-decision.ts.)
 */
async function changeThreadStatus(
  db: Database,
  actor: Actor,
  input: ChangeThreadStatusInput,
  request: RequestMeta,
  change: StatusChange,
): Promise<ThreadView> {
  if (!canCloseOrReopenThread(actor)) throw forbidden(`Only staff can ${change.verb} a thread`);
  const { view, storeId } = await db.transaction(async (tx) => {
    const { order, thread } = await findAccessibleOrder(tx, actor, input.orderNumber);
    if (!thread) throw notFound("Thread");
    const [changed] = await tx
      .update(threads)
      .set({ status: change.to, ...change.columns(actor) })
      .where(and(eq(threads.id, thread.id), eq(threads.status, change.from)))
      .returning();
    if (!changed) throw conflict(`Thread is already ${change.to}`);
    await writeAudit(
      tx,
      { actor, action: change.action, storeId: order.storeId, orderId: order.id, threadId: changed.id, metadata: change.metadata(thread) },
      request,
    );
    return { view: toThreadView(actor, changed, order.orderNumber), storeId: order.storeId };
  });
  emitDomainEvents([change.event(view, storeId, actor)]);
  return view;
}

export const closeThread = (db: Database, actor: Actor, input: ChangeThreadStatusInput, request: RequestMeta) =>
  changeThreadStatus(db, actor, input, request, closing);

export const reopenThread = (db: Database, actor: Actor, input: ChangeThreadStatusInput, request: RequestMeta) =>
  changeThreadStatus(db, actor, input, request, reopening);
