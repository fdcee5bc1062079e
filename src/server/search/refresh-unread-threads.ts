import { sql } from "drizzle-orm";
import { unreadMessagesOf, visibleThreadsWhere, type Actor } from "../access";
import { queryRows, type DbOrTx } from "../db/client";
import { keysetTimestamp } from "../paging/keyset-cursor";

/**
 * A message inserted by a transaction still running while the scan moves on has a created_at a
 * little before the moment it becomes visible; the scan stays this far behind "now" so such a
 * message is never skipped (sends take milliseconds; statement_timeout is seconds). Rescanning
 * the last minute is harmless: adding a thread to the set is idempotent.
 */
const SCAN_MARGIN = sql`interval '1 minute'`;

/** The role and scope a user's set is built for: a user moved elsewhere gets a new set. */
const scopeOf = (actor: Actor) => `${actor.role}:${actor.storeId ?? ""}:${actor.supplierId ?? ""}`;

/**
 * Brings the actor's set of threads with unread messages (unread_threads) up to date, so that
 * search's unread=true reads those threads' messages instead of probing the receipts of every
 * message ever written (1.07 s at 1 M messages for an admin who had read them all).
 *
 * One statement in the usual case: scan the messages created since the last scan (less the
 * margin) for unread ones and add their threads; drop threads of the set that hold nothing unread
 * any more; move the watermark to now less the margin. Compare-and-set on the watermark: if the
 * trigger moved it back meanwhile (an older message arrived), the older value stays. The first
 * search of a user scans all their messages once (seconds at a million); a changed scope starts
 * the set over.
 */
export async function refreshUnreadThreads(db: DbOrTx, actor: Actor): Promise<void> {
  const scope = scopeOf(actor);
  const [current] = await queryRows<{ scope: string; scanned_through: string }>(
    db,
    sql`SELECT scope, ${keysetTimestamp(sql.raw("scanned_through"))} AS scanned_through
        FROM unread_watermarks WHERE user_id = ${actor.id}::uuid`,
  );
  let previous = current?.scanned_through ?? null;
  if (current && current.scope !== scope) {
    await db.execute(sql`DELETE FROM unread_threads WHERE user_id = ${actor.id}::uuid`);
    await db.execute(sql`DELETE FROM unread_watermarks WHERE user_id = ${actor.id}::uuid`);
    previous = null;
  }
  // The previous watermark goes in as a value, not a subquery: only then does the planner see a
  // short range of messages_created_idx (a subquery's value is unknown when planning, and it chose
  // a sequential scan of every message: 450 ms).
  await db.execute(sql`
    WITH fresh AS (
      SELECT DISTINCT threads.id AS thread_id
      FROM messages
      JOIN threads ON threads.id = messages.thread_id
      JOIN orders ON orders.id = threads.order_id
      WHERE ${previous ? sql`messages.created_at >= ${previous}::timestamptz` : sql`true`}
        AND ${visibleThreadsWhere(db, actor)} AND ${unreadMessagesOf(actor, sql.raw("threads.id"))}
    ),
    added AS (
      INSERT INTO unread_threads (user_id, thread_id)
      SELECT ${actor.id}::uuid, thread_id FROM fresh
      ON CONFLICT DO NOTHING
    ),
    pruned AS (
      DELETE FROM unread_threads
      WHERE unread_threads.user_id = ${actor.id}::uuid
        AND NOT EXISTS (SELECT 1 FROM messages WHERE ${unreadMessagesOf(actor, sql.raw("unread_threads.thread_id"))})
    )
    INSERT INTO unread_watermarks (user_id, scope, scanned_through)
    VALUES (${actor.id}::uuid, ${scope}, now() - ${SCAN_MARGIN})
    ON CONFLICT (user_id) DO UPDATE SET scanned_through = excluded.scanned_through
      WHERE unread_watermarks.scanned_through = ${previous ?? "-infinity"}::timestamptz
        AND excluded.scanned_through > unread_watermarks.scanned_through
  `);
}
