import { sql, type SQL } from "drizzle-orm";
import { threadActivityColumn, visibleOrdersWhere, visibleThreadsWhere, type Actor } from "../access";
import { queryRows, type DbOrTx } from "../db/client";
import type { orders, threads } from "../db/schema";
import {
  type LastMessageColumns,
  lastMessageCreatedAtSelect,
  lastMessageSelect,
  type LastMessageSummary,
  threadActivityJoins,
  toLastMessage,
} from "../messaging/thread-activity-sql";
import { decodeCursor, keysetTimestamp, pageSize, takePage } from "../paging/keyset-cursor";

export const ORDER_PAGE_DEFAULT = 25;
export const ORDER_PAGE_MAX = 100;

export interface ListOrdersInput {
  cursor?: string | null;
  limit?: number;
}

/** An order the actor may see, and its conversation as far as they can see it. */
export interface OrderSummary {
  orderNumber: string;
  orderStatus: (typeof orders.$inferSelect)["status"];
  storeId: string;
  placedAt: string;
  /** null until there is a message the actor may read (an order's thread may hold notes only). */
  conversation: {
    threadId: string;
    status: (typeof threads.$inferSelect)["status"];
    lastMessageAt: string;
    lastMessage: LastMessageSummary | null;
    unreadCount: number;
  } | null;
}

export interface OrderSummaryPage {
  orders: OrderSummary[];
  nextCursor: string | null;
}

interface OrderRow extends LastMessageColumns {
  id: string;
  order_number: string;
  order_status: OrderSummary["orderStatus"];
  store_id: string;
  position: string;
  thread_id: string | null;
  thread_status: (typeof threads.$inferSelect)["status"] | null;
  activity_at: string | null;
}

/**
 * The orders the actor may see, newest first, whether or not anyone has written about them yet —
 * a customer's "Your orders" must show a new order, so they can ask about it. Keyset paged on
 * (created_at, id), served by orders_customer_created_idx for customers; the page is chosen before
 * each row's thread activity is read.
 *
 * A thread the actor cannot see anything of (internal notes only) is reported as no conversation,
 * with neither its status nor its times: those would tell of staff's hidden work.
 */
export async function listOrders(db: DbOrTx, actor: Actor, input: ListOrdersInput): Promise<OrderSummaryPage> {
  const limit = pageSize(input.limit, { default: ORDER_PAGE_DEFAULT, max: ORDER_PAGE_MAX });
  const before = input.cursor ? decodeCursor(input.cursor) : null;
  const rows = await orderSummaryRows(
    db,
    actor,
    sql`
      SELECT orders.id, orders.order_number, orders.status AS order_status, orders.store_id, orders.created_at
      FROM orders
      WHERE ${visibleOrdersWhere(db, actor)}
        ${before ? sql`AND (orders.created_at, orders.id) < (${before.at}::timestamptz, ${before.id}::uuid)` : sql``}
      ORDER BY orders.created_at DESC NULLS LAST, orders.id DESC NULLS LAST
      LIMIT ${limit + 1}`,
  );
  const { page, nextCursor } = takePage(rows, limit, (row) => ({ at: row.position, id: row.id }));
  return { orders: page.map(toOrderSummary), nextCursor };
}

/**
 * The summaries of the orders `page` chose (a SELECT of orders' id, order_number, status AS
 * order_status, store_id and created_at, with the access predicate in its own WHERE), newest
 * first: each visible thread's status and activity are read for those rows only.
 */
export async function orderSummaries(db: DbOrTx, actor: Actor, page: SQL): Promise<OrderSummary[]> {
  return (await orderSummaryRows(db, actor, page)).map(toOrderSummary);
}

function orderSummaryRows(db: DbOrTx, actor: Actor, page: SQL): Promise<OrderRow[]> {
  return queryRows<OrderRow>(
    db,
    sql`
      WITH page AS (${page}),
      visible_thread AS (
        SELECT threads.order_id, threads.id AS thread_id, threads.status, ${threadActivityColumn(actor)} AS activity_at
        FROM threads
        JOIN orders ON orders.id = threads.order_id
        WHERE threads.order_id IN (SELECT id FROM page) AND ${visibleThreadsWhere(db, actor)}
      )
      SELECT page.id, page.order_number, page.order_status, page.store_id,
             ${keysetTimestamp(sql.raw("page.created_at"))} AS position,
             visible_thread.thread_id, visible_thread.status AS thread_status,
             ${keysetTimestamp(sql.raw("visible_thread.activity_at"))} AS activity_at,
             ${lastMessageSelect}, ${lastMessageCreatedAtSelect}
      FROM page
      LEFT JOIN visible_thread ON visible_thread.order_id = page.id
      ${threadActivityJoins(actor, sql.raw("visible_thread.thread_id"))}
      ORDER BY page.created_at DESC NULLS LAST, page.id DESC NULLS LAST
    `,
  );
}

function toOrderSummary(row: OrderRow): OrderSummary {
  return {
    orderNumber: row.order_number,
    orderStatus: row.order_status,
    storeId: row.store_id,
    placedAt: new Date(row.position).toISOString(),
    conversation:
      row.thread_id && row.thread_status && row.activity_at
        ? {
            threadId: row.thread_id,
            status: row.thread_status,
            lastMessageAt: new Date(row.activity_at).toISOString(),
            lastMessage: toLastMessage(row),
            unreadCount: Number(row.unread_count ?? 0),
          }
        : null,
  };
}
