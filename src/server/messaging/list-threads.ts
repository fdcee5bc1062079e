import { sql } from "drizzle-orm";
import { threadActivityColumn, visibleThreadsWhere, type Actor } from "../access";
import { queryRows, type DbOrTx } from "../db/client";
import type { orders, threads } from "../db/schema";
import { refreshUnreadThreads, unreadMessagesIn } from "../search/refresh-unread-threads";
import { decodeCursor, keysetTimestamp, pageSize, takePage } from "../paging/keyset-cursor";
import {
  customerWaitingJoin,
  customerWaitingSelect,
  type LastMessageColumns,
  lastMessageCreatedAtSelect,
  lastMessageSelect,
  type LastMessageSummary,
  threadActivityJoins,
  toLastMessage,
} from "./thread-activity-sql";

export const THREAD_PAGE_DEFAULT = 25;
export const THREAD_PAGE_MAX = 100;

export interface ListThreadsInput {
  cursor?: string | null;
  limit?: number;
  status?: (typeof threads.$inferSelect)["status"];
  unreadOnly?: boolean;
}

export interface ThreadSummary {
  id: string;
  orderNumber: string;
  orderStatus: (typeof orders.$inferSelect)["status"];
  storeId: string;
  customerName: string;
  status: (typeof threads.$inferSelect)["status"];
  lastMessageAt: string;
  lastMessage: LastMessageSummary | null;
  unreadCount: number;
  /** Staff and partners: since when a customer has been waiting for a reply; null otherwise. */
  customerWaitingSince: string | null;
}

export interface ThreadSummaryPage {
  threads: ThreadSummary[];
  nextCursor: string | null;
}

interface SummaryRow extends LastMessageColumns {
  id: string;
  order_number: string;
  order_status: ThreadSummary["orderStatus"];
  store_id: string;
  customer_name: string;
  status: ThreadSummary["status"];
  position: string;
  customer_waiting_since: string | null;
}

/**
 * The threads the actor may see, most recently active first, each with its last visible message
 * and the actor's unread count — one query, whatever the page size.
 *
 * The order predicate and the message predicate are both inside the SQL, so an internal note
 * never becomes a non-admin's preview or unread count. Nor does it move their inbox: those who may
 * not read notes have their threads ordered, paged and dated by last_public_message_at, and do not
 * see a thread that holds notes only (it is null there), so a note neither reveals a thread nor
 * brings it to the top. Staff and partners also get when a customer began waiting for a reply.
 * The LATERAL subqueries run for the rows
 * of the page only and use messages(thread_id, created_at, id) and the message_reads primary key;
 * unreadOnly starts from the caller's set of threads with unread messages (refreshUnreadThreads)
 * and asks EXISTS (stops at the first unread message) of each of those only, within the span
 * the set recorded for it.
 */
export async function listThreads(db: DbOrTx, actor: Actor, input: ListThreadsInput): Promise<ThreadSummaryPage> {
  // unreadOnly reads the threads of the caller's unread set only: asking every visible thread
  // whether it holds an unread message took 27 s for an admin at 1 M messages.
  const unreadSet = input.unreadOnly ? await refreshUnreadThreads(db, actor) : undefined;
  const limit = pageSize(input.limit, { default: THREAD_PAGE_DEFAULT, max: THREAD_PAGE_MAX });
  const before = input.cursor ? decodeCursor(input.cursor) : null;
  // Served by threads_(store_)last_message_idx or threads_(store_)last_public_message_idx: the
  // ORDER BY below must stay `DESC NULLS LAST` on both keys, as the indexes are built.
  const activity = threadActivityColumn(actor);

  // The page is chosen first (CTE), and only then are the last message and the unread count
  // computed, for its rows alone: with them in one flat query the planner computed both for
  // every visible thread before sorting (23 s for an admin over 1M messages, against ms now).
  const rows = await queryRows<SummaryRow>(
    db,
    sql`
      WITH page AS (
        SELECT threads.id, threads.store_id, threads.status, ${activity} AS activity_at,
               orders.order_number, orders.status AS order_status, orders.customer_name
        FROM threads
        JOIN orders ON orders.id = threads.order_id
        WHERE ${visibleThreadsWhere(db, actor)}
          ${input.status ? sql`AND threads.status = ${input.status}` : sql``}
          ${before ? sql`AND (${activity}, threads.id) < (${before.at}::timestamptz, ${before.id}::uuid)` : sql``}
          ${
            input.unreadOnly
              ? // OFFSET 0 keeps the inner EXISTS a subplan of the set's row, so its span bounds the
                // index scan; pulled up into a join, the span was checked after reading the thread.
                // A large set gets the same on the outer EXISTS: one probe of the set's key per thread
                // the activity walk meets. Left a semi-join, the planner (no statistics on
                // unread_threads until it is analysed) guessed the set at 479 rows, read all 50 k
                // threads of the bench admin's and sorted them: 1 to 3.6 s instead of 16 ms.
                sql`AND EXISTS (
                      SELECT 1 FROM unread_threads
                      WHERE unread_threads.user_id = ${actor.id}::uuid AND unread_threads.thread_id = threads.id
                        AND EXISTS (SELECT 1 FROM messages WHERE ${unreadMessagesIn(actor, sql.raw("unread_threads"))} OFFSET 0)
                      ${unreadSet?.small ? sql`` : sql`OFFSET 0`})`
              : sql``
          }
        -- A small unread set is read whole and sorted (\`+ interval '0'\` hides the activity index):
        -- walking the index to find a set of none read every visible thread.
        ORDER BY ${unreadSet?.small ? sql`(${activity} + interval '0')` : activity} DESC NULLS LAST, threads.id DESC NULLS LAST
        LIMIT ${limit + 1}
      )
      SELECT page.id, page.order_number, page.order_status, page.store_id, page.customer_name, page.status,
             ${keysetTimestamp(sql.raw("page.activity_at"))} AS position, ${lastMessageSelect}, ${lastMessageCreatedAtSelect},
             ${customerWaitingSelect}
      FROM page
      ${threadActivityJoins(actor, sql.raw("page.id"))}
      ${customerWaitingJoin(actor, sql.raw("page.id"))}
      ORDER BY page.activity_at DESC NULLS LAST, page.id DESC NULLS LAST
    `,
  );

  const { page, nextCursor } = takePage(rows, limit, (row) => ({ at: row.position, id: row.id }));
  return { threads: page.map(toThreadSummary), nextCursor };
}

function toThreadSummary(row: SummaryRow): ThreadSummary {
  return {
    id: row.id,
    orderNumber: row.order_number,
    orderStatus: row.order_status,
    storeId: row.store_id,
    customerName: row.customer_name,
    status: row.status,
    lastMessageAt: new Date(row.position).toISOString(),
    lastMessage: toLastMessage(row),
    unreadCount: Number(row.unread_count),
    customerWaitingSince: row.customer_waiting_since === null ? null : new Date(row.customer_waiting_since).toISOString(),
  };
}
