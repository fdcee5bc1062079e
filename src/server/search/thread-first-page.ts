import { sql, type SQL } from "drizzle-orm";
import { visibleMessagesWhere, type Actor } from "../access";
import { queryRows, type DbOrTx } from "../db/client";
import { keysetTimestamp, type KeysetPosition } from "../paging/keyset-cursor";

/*
 * Search pages whose filters are on the thread or its order only (status, orderStatus), chosen
 * thread first. Walking messages_created_idx for them checked the thread of every newer message
 * of other threads (the bench's 160 k newest floor messages: 130–200 ms); here the page is taken
 * from the newest messages of the threads active most recently, on threads_last_message_idx and
 * messages(thread_id, created_at, id).
 *
 * It rests on one fact: no message is newer than its thread's last_message_at. The send stamps
 * the thread with the time it gives the message or later; an inbound message that keeps its
 * provider's date (an email's Date header, a wrong clock, a forged header) is dated
 * least(provider time, thread time), so it holds for those too (send-message-core.test.ts).
 * Given the fact, for a page of `need` rows
 * (page, rows OFFSET skips, and the one that tells whether another page follows):
 *   1. the `need` threads active last (whose activity is at or before the cursor, if any) hold at
 *      least `need` candidate messages; the need-th newest of them, the cutoff, is no newer than
 *      the page's last row;
 *   2. so every thread holding a row of the page was active at or after the cutoff: the page is
 *      the newest `need` of those threads' newest `need` messages each.
 * Both steps read about `need` threads. The cutoff goes into step 2 as a value: taken from a
 * subquery the planner could not tell how many threads it leaves and scanned them all.
 */

export interface ThreadFirstPage {
  /** Predicates over `threads` JOIN `orders`: the visibility rule and the search's filters. */
  threadsWhere: SQL;
  /** Rows the page needs, OFFSET's included. */
  need: number;
  before: KeysetPosition | undefined;
}

/** The newest `need` messages of `threads` (the row of the outer query) the actor may read, before the cursor. */
function newestMessages(actor: Actor, { need, before }: ThreadFirstPage): SQL {
  return sql`CROSS JOIN LATERAL (
      SELECT messages.id, messages.created_at FROM messages
      WHERE messages.thread_id = threads.id AND ${visibleMessagesWhere(actor)}
        ${before ? sql`AND (messages.created_at, messages.id) < (${before.at}::timestamptz, ${before.id}::uuid)` : sql``}
      ORDER BY messages.created_at DESC, messages.id DESC
      LIMIT ${need}
    ) newest`;
}

/** Step 1: the cutoff, or null when the threads hold fewer than `need` messages (then every thread may hold a row). */
export async function threadFirstCutoff(db: DbOrTx, actor: Actor, page: ThreadFirstPage): Promise<string | null> {
  const [row] = await queryRows<{ cutoff: string }>(
    db,
    sql`SELECT ${keysetTimestamp(sql.raw("newest.created_at"))} AS cutoff
        FROM (
          SELECT threads.id FROM threads JOIN orders ON orders.id = threads.order_id
          WHERE ${page.threadsWhere} ${page.before ? sql`AND threads.last_message_at <= ${page.before.at}::timestamptz` : sql``}
          -- As threads_last_message_idx is built.
          ORDER BY threads.last_message_at DESC NULLS LAST, threads.id DESC NULLS LAST
          LIMIT ${page.need}
        ) threads
        ${newestMessages(actor, page)}
        ORDER BY newest.created_at DESC, newest.id DESC
        OFFSET ${page.need - 1} LIMIT 1`,
  );
  return row?.cutoff ?? null;
}

/**
 * Step 2, as the search's page choice: `id` and `created_at` of the candidate messages, to be
 * ordered and limited by the caller.
 */
export function threadFirstCandidates(actor: Actor, page: ThreadFirstPage, cutoff: string | null): SQL {
  return sql`
    SELECT newest.id, newest.created_at
    FROM threads JOIN orders ON orders.id = threads.order_id
    ${newestMessages(actor, page)}
    WHERE ${page.threadsWhere} ${cutoff ? sql`AND threads.last_message_at >= ${cutoff}::timestamptz` : sql``}`;
}
