import { and, eq, exists, isNotNull, sql, type SQL } from "drizzle-orm";
import type { DbOrTx } from "../db/client";
import { messages, orderFulfillments, orders, threads } from "../db/schema";
import type { Actor } from "./actor";
import { canSeeInternalNotes } from "./policy";

/*
 * The visibility rule as SQL, for use inside a query's own WHERE so that a row the actor may not
 * see is never loaded. Three predicates, one per table, each the SQL twin of a pure function in
 * policy.ts (access-policy.test.ts holds each pair to one table):
 *
 *   visibleOrdersWhere   over `orders`                          ↔ canAccessOrder
 *   visibleThreadsWhere  over `threads` JOIN `orders`            ↔ canSeeThread
 *   visibleMessagesWhere over `messages` of a visible thread     ↔ canSeeMessage
 *
 * Join `orders` to `threads` on `orders.id = threads.order_id` alone: adding the store_id
 * equality made Postgres multiply both selectivities and expect 59 threads of 100,000, and
 * every plan built on that guess collapsed at 1 M messages (STACK-NOTES.md).
 */

const nothing = sql`false`;

/** `canAccessOrder` over `orders`. */
export function visibleOrdersWhere(db: DbOrTx, actor: Actor): SQL {
  switch (actor.role) {
    case "admin":
      return sql`true`;
    case "customer":
      return eq(orders.customerId, actor.id);
    case "reseller":
      return actor.storeId ? eq(orders.storeId, actor.storeId) : nothing;
    case "supplier":
      return actor.supplierId
        ? exists(
            db
              .select({ one: sql`1` })
              .from(orderFulfillments)
              .where(and(eq(orderFulfillments.orderId, orders.id), eq(orderFulfillments.supplierId, actor.supplierId))),
          )
        : nothing;
    default:
      // Unreachable for a parsed Actor; a role the policy does not know sees nothing.
      return nothing;
  }
}

/**
 * The thread column that dates a thread for this actor (`threadActivityAt`'s twin): non-admins
 * never see an internal note, so their lists are ordered, paged and dated by the last public
 * message — null while the thread holds notes only.
 */
export function threadActivityColumn(actor: Actor, table = "threads"): SQL {
  return sql.raw(`${table}.${canSeeInternalNotes(actor) ? "last_message_at" : "last_public_message_at"}`);
}

/**
 * Whether the thread row `thread` (an alias in scope) holds a public message, i.e. exists for
 * non-admins (canSeeThread's second half): the send statement reports it for the broadcast.
 */
export function threadHasPublicMessages(thread: string): SQL {
  return sql.raw(`(${thread}.last_public_message_at IS NOT NULL)`);
}

/**
 * `canSeeThread` over `threads` joined to its `orders` row: the order is visible, and the thread
 * holds something the actor may read — one with internal notes only does not exist for those
 * who may not read them (neither its existence nor its times may tell them a note was written).
 */
export function visibleThreadsWhere(db: DbOrTx, actor: Actor): SQL {
  const order = visibleOrdersWhere(db, actor);
  return canSeeInternalNotes(actor) ? order : sql`${order} AND ${isNotNull(threads.lastPublicMessageAt)}`;
}

/**
 * `canSeeMessage` over `messages`, for rows of threads already chosen under visibleThreadsWhere
 * (by a join, or a thread id that passed it): internal notes are for staff only.
 */
export function visibleMessagesWhere(actor: Actor): SQL {
  return canSeeInternalNotes(actor) ? sql`true` : eq(messages.isInternal, false);
}

/**
 * Messages of `thread` (already visible) that the actor may read and has not: not their own, no
 * receipt. The unread count, the unread filters and "mark all read" all use this one rule.
 */
export function unreadMessagesOf(actor: Actor, thread: SQL): SQL {
  return sql`
    messages.thread_id = ${thread} AND ${visibleMessagesWhere(actor)}
    AND messages.sender_id IS DISTINCT FROM ${actor.id}::uuid
    AND NOT EXISTS (
      SELECT 1 FROM message_reads
      WHERE message_reads.message_id = messages.id AND message_reads.user_id = ${actor.id}::uuid
    )`;
}
