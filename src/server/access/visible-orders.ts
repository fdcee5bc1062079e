import { and, eq, exists, sql, type SQL } from "drizzle-orm";
import type { DbOrTx } from "../db/client";
import { messages, orderFulfillments, orders } from "../db/schema";
import type { Actor } from "./actor";
import { canSeeInternalNotes } from "./policy";

const nothing = sql`false`;

/**
 * `canAccessOrder` as a SQL predicate over `orders`, for use inside a query's own WHERE so that
 * an order the actor may not see is never loaded.
 */
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

/** Messages the actor may read within an order they can see: internal notes only for staff. */
export function visibleMessagesWhere(actor: Actor): SQL {
  return canSeeInternalNotes(actor) ? sql`true` : eq(messages.isInternal, false);
}
