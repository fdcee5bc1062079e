import { randomUUID } from "node:crypto";
import { sql, type SQL } from "drizzle-orm";
import { canSearchAllMessages, unreadMessagesOf, visibleThreadsWhere, type Actor } from "../access";
import { queryRows, type DbOrTx } from "../db/client";
import { keysetTimestamp } from "../paging/keyset-cursor";

/**
 * A message inserted by a transaction still running while the scan moves on has a created_at a
 * little before the moment it becomes visible; the scan stays this far behind "now" so such a
 * message is never skipped (sends take milliseconds; statement_timeout is seconds). Rescanning
 * the last minute is harmless: adding a thread to the set is idempotent, and the rescan probes the
 * receipts only of messages the last one could not see (scanStep).
 */
const SCAN_MARGIN = sql`interval '1 minute'`;
/**
 * Caught up, the watermark is written only once it has fallen this far behind `now - margin`.
 * Every call reads the messages from the watermark on (their index entries and rows; receipts only
 * of those new to it), so this is traded against the rescan: at the margin itself (a write every
 * minute) an unread read right after the bench's loads re-probed up to two minutes of their
 * messages (85 ms a request, before probes were limited to what the last refresh could not see).
 */
const WATERMARK_STEP = sql`interval '5 seconds'`;

/**
 * At most this many messages are scanned by one step, each step committing its progress: the
 * first build of a set at 1 M messages was one 3.5 s statement that, under load, hit the 5 s
 * statement_timeout, was rolled back and started over on every request. A step costs about 10 µs a
 * message (a receipt probe each); at 20,000 a step took 200–400 ms, so a request of a first build
 * overshot its budget two- or threefold (400 ms a request, 850 ms the first, at load average 6).
 */
export const UNREAD_SCAN_BATCH_ROWS = 5_000;
/** A request takes further steps only while it has spent less than this on the set. */
export const UNREAD_SCAN_BUDGET_MS = 150;
/**
 * Threads of the set re-checked per refresh (a window from a random thread id, wrapping round).
 * Reading a thread narrows its row at once (forgetReadSpan), so this only catches what other
 * receipts left behind (one message marked read, a seeded receipt); each re-check is a probe of a
 * random thread's messages and receipts, mostly not in shared buffers (200 cost 13 ms a read, 50 cost 6);
 * a window found mostly stale is followed by more (refreshUnreadThreads).
 */
export const UNREAD_PRUNE_ROWS = 20;

/**
 * The actor's unread messages of the set's row `entry` (an unread_threads row of theirs): only
 * the span the scan found them in is read, on messages(thread_id, created_at, id).
 */
export function unreadMessagesIn(actor: Actor, entry: SQL): SQL {
  return sql`${unreadMessagesOf(actor, sql`${entry}.thread_id`)}
    AND messages.created_at BETWEEN ${entry}.unread_from AND ${entry}.unread_through`;
}

/**
 * After the actor has read every message of `threadId` up to and including `upToMessageId` (in
 * created_at, id order): their row in the set keeps only the span after it, or goes when nothing is
 * left. A message sharing that message's microsecond but sorting after it keeps the row, with the
 * span from that microsecond. Exact and one key lookup, where the refresh's prune would find the
 * row only by chance (a window of random threads per call).
 */
export async function forgetReadSpan(db: DbOrTx, actor: Actor, threadId: string, upToMessageId: string): Promise<void> {
  const row = sql`unread_threads.user_id = ${actor.id}::uuid AND unread_threads.thread_id = ${threadId}::uuid`;
  // `rest`: where unread messages may still be, the read message's microsecond included when a later one shares it.
  await db.execute(sql`
    WITH up_to AS (
      SELECT created_at AS at, EXISTS (
               SELECT 1 FROM messages tied
               WHERE tied.thread_id = ${threadId}::uuid AND tied.created_at = read.created_at AND tied.id > read.id
             ) AS tie
      FROM messages read WHERE read.id = ${upToMessageId}::uuid
    ),
    emptied AS (
      DELETE FROM unread_threads USING up_to
      WHERE ${row} AND (unread_through < up_to.at OR (unread_through = up_to.at AND NOT up_to.tie))
    )
    UPDATE unread_threads SET unread_from = CASE WHEN up_to.tie THEN up_to.at ELSE up_to.at + interval '1 microsecond' END
    FROM up_to
    WHERE ${row} AND unread_from <= up_to.at AND (unread_through > up_to.at OR (unread_through = up_to.at AND up_to.tie))`);
}

/** The role and scope a user's set is built for: a user moved elsewhere gets a new set. */
const scopeOf = (actor: Actor) => `${actor.role}:${actor.storeId ?? ""}:${actor.supplierId ?? ""}`;

/**
 * The actor's unread messages of `thread` (already visible), one row each, read where the set says
 * they can be. Every message older than the watermark was scanned, and its thread's span kept
 * whatever it found unread (the trigger moves the watermark back for a message dated before it), so
 * only the thread's span below the watermark and its messages since the watermark need a receipt
 * probe: a fully read 160 k-message thread costs one probe of the set, not 160 k of message_reads.
 * Without a set for the actor's scope, the watermark is -infinity and every message is probed.
 */
export function unreadMessagesByTheSet(actor: Actor, thread: SQL): SQL {
  const watermark = sql`(SELECT scanned_through FROM unread_watermarks WHERE user_id = ${actor.id}::uuid AND scope = ${scopeOf(actor)})`;
  // The span newest first, as readers read a thread to its end: a capped count meets the unread
  // ones first (spans only widen, so a span's oldest part is often read long since). OFFSET 0
  // keeps the span's scan a subplan of the set's row, so the span bounds the index scan.
  return sql`
    (SELECT 1 FROM messages
     WHERE ${unreadMessagesOf(actor, thread)} AND messages.created_at >= coalesce(${watermark}, '-infinity'))
    UNION ALL
    (SELECT 1 FROM unread_threads CROSS JOIN LATERAL (
       SELECT 1 FROM messages
       WHERE ${unreadMessagesIn(actor, sql.raw("unread_threads"))} AND messages.created_at < ${watermark}
       ORDER BY messages.created_at DESC OFFSET 0
     ) spanned
     WHERE unread_threads.user_id = ${actor.id}::uuid AND unread_threads.thread_id = ${thread})`;
}

/**
 * A message row's inserting transaction as an xid8, for pg_visible_in_snapshot: the row's 32-bit
 * xmin widened by the epoch of the statement's own snapshot, whose xmax is above every xid it sees.
 */
const snapshotXmax = sql`(SELECT pg_snapshot_xmax(pg_current_snapshot())::text::bigint)`;
const messageXid = sql`((${snapshotXmax} - ((${snapshotXmax} - messages.xmin::text::bigint) % 4294967296 + 4294967296) % 4294967296)::text::xid8)`;

export interface RefreshUnreadOptions {
  batchRows?: number;
  budgetMs?: number;
  pruneRows?: number;
}

/**
 * Up to this many threads in the set, readers take the set's threads whole (their messages, or
 * the threads themselves for the inbox) and sort them instead of walking a time index. The walk
 * stops only once the page is full, so a set holding fewer unread messages than a page read all
 * of history: a set of none (an admin who had read everything), 1.05 s at 1 M messages; a set
 * still being built, 2.8 s. Taking the set whole costs its threads' messages, not history (775
 * long threads, 160 k messages: 0.3 s); a set larger than this is dense enough for the walk.
 */
export const UNREAD_SMALL_SET_THREADS = 1000;

export interface RefreshUnreadResult {
  /** false: older messages are still to be scanned, so the set may lack threads; later calls go on. */
  complete: boolean;
  /** The set holds at most UNREAD_SMALL_SET_THREADS threads (counted up to one more, no further). */
  small: boolean;
}

/**
 * Brings the actor's set of threads with unread messages (unread_threads) up to date, so that
 * search's unread=true and the unreadOnly inbox read those threads' messages instead of probing
 * the receipts of every message ever written (1.07 s at 1 M messages for an admin who had read
 * them all).
 *
 * The work of one call is bounded, whatever the history: it scans the messages created since the
 * watermark in steps of at most `batchRows` (oldest first, along messages_created_idx), each step
 * one statement that adds the threads holding unread messages and moves the watermark to where
 * it stopped, and it stops taking steps once `budgetMs` is spent. A user's first build thus spreads
 * over several requests, which answer from the set as far as it goes (`complete: false`); none
 * of them can hit the statement timeout and lose its progress. Compare-and-set on the watermark:
 * if the trigger moved it back meanwhile (an older message arrived), the older value stays.
 *
 * Threads read since are dropped a window of `pruneRows` at a time: readers of the set re-check
 * each thread for unread messages anyway, so a stale row costs a probe, never a wrong answer.
 * A changed scope starts the set over.
 */
export async function refreshUnreadThreads(db: DbOrTx, actor: Actor, options: RefreshUnreadOptions = {}): Promise<RefreshUnreadResult> {
  const batchRows = options.batchRows ?? UNREAD_SCAN_BATCH_ROWS;
  const budgetMs = options.budgetMs ?? UNREAD_SCAN_BUDGET_MS;
  const pruneRows = options.pruneRows ?? UNREAD_PRUNE_ROWS;
  const started = Date.now();
  const scope = scopeOf(actor);
  const [current] = await queryRows<{ scope: string; scanned_through: string; rescanned_snapshot: string | null }>(
    db,
    sql`SELECT scope, ${keysetTimestamp(sql.raw("scanned_through"))} AS scanned_through, rescanned_snapshot
        FROM unread_watermarks WHERE user_id = ${actor.id}::uuid`,
  );
  let previous = current?.scanned_through ?? null;
  let rescanned = current?.rescanned_snapshot ?? null;
  if (current && current.scope !== scope) {
    await db.execute(sql`DELETE FROM unread_threads WHERE user_id = ${actor.id}::uuid`);
    await db.execute(sql`DELETE FROM unread_watermarks WHERE user_id = ${actor.id}::uuid`);
    previous = null;
    rescanned = null;
  }

  // A window mostly read since says the set is mostly stale (receipts written past markThreadRead):
  // more windows, within the budget, so the set shrinks to what is unread in a call or two.
  for (let pruned = await pruneReadThreads(db, actor, pruneRows); pruned.visited === pruneRows && pruned.dropped * 2 >= pruned.visited; ) {
    if (Date.now() - started >= budgetMs) break;
    pruned = await pruneReadThreads(db, actor, pruneRows);
  }

  let step = await scanStep(db, actor, scope, previous, rescanned, batchRows);
  // Until caught up, unless another request (or the trigger) moved the watermark or the budget is
  // spent: the rest is then the next call's.
  while (!step.caughtUp && step.advanced && Date.now() - started < budgetMs) {
    step = await scanStep(db, actor, scope, step.through, rescanned, batchRows);
  }
  const complete = step.caughtUp;
  const [size] = await queryRows<{ threads: number }>(
    db,
    sql`SELECT count(*)::int AS threads FROM (
          SELECT 1 FROM unread_threads WHERE user_id = ${actor.id}::uuid LIMIT ${UNREAD_SMALL_SET_THREADS + 1}
        ) capped`,
  );
  return { complete, small: (size?.threads ?? 0) <= UNREAD_SMALL_SET_THREADS };
}

/**
 * One step: the messages in [previous, through), at most batchRows of them (plus any sharing the
 * last one's microsecond), where `through` is the batchRows-th message after `previous`, or now
 * less the margin when fewer remain. Both bounds go in as values, not subqueries: only then does the
 * planner see a short range of messages_created_idx (a subquery's value is unknown when planning,
 * and it chose a sequential scan of every message: 450 ms).
 *
 * The last step (caught up) also scans the margin itself, up to now, while the watermark stays
 * behind it: readers look only inside the spans the set records, so a message of the last minute
 * is found now, and a late-committing one still on the next call's rescan of that minute.
 *
 * That rescan probes only the messages the last caught-up step could not see (`rescanned`, its
 * snapshot): probing again every message of the last minute cost the bench 29 ms a read after its
 * loads (2.7 k messages), now a read of the range's index and rows, without their receipts. A
 * message committed late, even one dated long before that step, was invisible to its snapshot and is
 * probed now. The caught-up step records its own snapshot when it probed anything, so a refresh that
 * finds nothing new still writes nothing.
 */
async function scanStep(db: DbOrTx, actor: Actor, scope: string, previous: string | null, rescanned: string | null, batchRows: number) {
  const from = previous ?? "-infinity";
  // ASC NULLS FIRST is messages_created_idx (DESC NULLS LAST) read backwards; a plain ASC could
  // not use it and would sort the range.
  const [bound] = await queryRows<{ through: string; caught_up: boolean; advance: boolean }>(
    db,
    sql`WITH nth AS (
          SELECT created_at FROM messages
          WHERE created_at >= ${from}::timestamptz AND created_at < now() - ${SCAN_MARGIN}
          ORDER BY created_at ASC NULLS FIRST, id ASC NULLS FIRST
          OFFSET ${batchRows} LIMIT 1
        ), bound AS (
          SELECT CASE WHEN EXISTS (SELECT 1 FROM nth)
                   THEN greatest((SELECT created_at FROM nth), ${from}::timestamptz + interval '1 microsecond')
                   ELSE now() - ${SCAN_MARGIN} END AS through,
                 NOT EXISTS (SELECT 1 FROM nth) AS caught_up
        )
        SELECT ${keysetTimestamp(sql.raw("through"))} AS through, caught_up,
               -- Caught up, the watermark moves only by whole steps of WATERMARK_STEP: a reader
               -- polling every second then writes nothing (no row, no WAL flush) on most calls, and
               -- rescans at most the margin and one step.
               NOT caught_up OR through >= ${from}::timestamptz + ${WATERMARK_STEP} AS advance
        FROM bound`,
  );
  const { through, caught_up: caughtUp, advance } = bound!;
  const seesEveryThread = canSearchAllMessages(actor);
  const moved = await queryRows<{ user_id: string }>(
    db,
    sql`
    WITH probed AS (
      SELECT messages.thread_id, messages.created_at, ${unreadMessagesOf(actor, sql.raw("messages.thread_id"))} AS unread
      FROM messages
      -- Whoever may search every message sees every thread: joined anyway, a step of 5 k messages
      -- hashed all 100 k threads (116 of its 204 ms at 1 M messages).
      ${seesEveryThread ? sql`` : sql`JOIN threads ON threads.id = messages.thread_id JOIN orders ON orders.id = threads.order_id`}
      WHERE messages.created_at >= ${from}::timestamptz
        ${caughtUp ? sql`` : sql`AND messages.created_at < ${through}::timestamptz`}
        AND ${rescanned === null ? sql`true` : sql`NOT pg_visible_in_snapshot(${messageXid}, ${rescanned}::pg_snapshot)`}
        AND ${seesEveryThread ? sql`true` : visibleThreadsWhere(db, actor)}
    ),
    fresh AS (
      SELECT thread_id, min(created_at) AS unread_from, max(created_at) AS unread_through
      FROM probed WHERE unread GROUP BY thread_id
    ),
    -- New rows, and rows whose span must widen: a rescan of the margin finds the same threads on
    -- every call, and an upsert would rewrite (and lock) each of them every time.
    added AS (
      INSERT INTO unread_threads (user_id, thread_id, unread_from, unread_through)
      SELECT ${actor.id}::uuid, thread_id, unread_from, unread_through FROM fresh
      ON CONFLICT (user_id, thread_id) DO NOTHING
    ),
    widened AS (
      UPDATE unread_threads
      SET unread_from = least(unread_threads.unread_from, fresh.unread_from),
          unread_through = greatest(unread_threads.unread_through, fresh.unread_through)
      FROM fresh
      WHERE unread_threads.user_id = ${actor.id}::uuid AND unread_threads.thread_id = fresh.thread_id
        AND (fresh.unread_from < unread_threads.unread_from OR fresh.unread_through > unread_threads.unread_through)
    )
    ${
      caughtUp
        ? sql`INSERT INTO unread_watermarks (user_id, scope, scanned_through, rescanned_snapshot)
    SELECT ${actor.id}::uuid, ${scope}, ${through}::timestamptz, pg_current_snapshot()::text
    WHERE ${advance}::boolean OR EXISTS (SELECT 1 FROM probed)
    ON CONFLICT (user_id) DO UPDATE SET
      scanned_through = CASE WHEN ${advance}::boolean AND unread_watermarks.scanned_through = ${from}::timestamptz
                               AND excluded.scanned_through > unread_watermarks.scanned_through
                        THEN excluded.scanned_through ELSE unread_watermarks.scanned_through END,
      rescanned_snapshot = excluded.rescanned_snapshot
    RETURNING user_id`
        : advance
          ? sql`INSERT INTO unread_watermarks (user_id, scope, scanned_through)
    VALUES (${actor.id}::uuid, ${scope}, ${through}::timestamptz)
    ON CONFLICT (user_id) DO UPDATE SET scanned_through = excluded.scanned_through
      WHERE unread_watermarks.scanned_through = ${from}::timestamptz
        AND excluded.scanned_through > unread_watermarks.scanned_through
    RETURNING user_id`
          : sql`SELECT NULL::uuid AS user_id WHERE false`
    }`,
  );
  return { through, caughtUp, advanced: moved.length > 0 };
}

/**
 * Drops, from a window of the set starting at a random thread id (and wrapping round to the
 * lowest ids), the threads that hold nothing unread any more. A set no larger than the window is
 * checked whole on every call; a larger one is checked piecewise, a bounded cost per call.
 *
 * The window is walked one key at a time (each step `ORDER BY thread_id LIMIT 1`, which only the
 * primary key serves) and the stale rows deleted by key (`= ANY`): asked for 200 rows at once, the
 * planner, with no statistics on unread_threads (it is never analysed where autovacuum is off, nor
 * before autovacuum first reaches it), guessed the bench admin's 50 k rows at 479, read all of them
 * in a bitmap scan, sorted them and then hashed the whole set against the window: 30–190 ms a call.
 * The walk's cost is `pruneRows` index descents, whatever the statistics say.
 */
async function pruneReadThreads(db: DbOrTx, actor: Actor, pruneRows: number): Promise<{ visited: number; dropped: number }> {
  // The start goes in as a value: taken from a CTE it was a join filter, and each call read the
  // whole set up to it (35 k rows, 130 ms for an admin's set at 1 M messages) instead of 200.
  const start = randomUUID();
  const row = (after: SQL, wrapped: SQL) => sql`
    SELECT thread_id, unread_from, unread_through, ${wrapped} AS wrapped FROM unread_threads
    WHERE user_id = ${actor.id}::uuid AND ${after} ORDER BY thread_id LIMIT 1`;
  const [counts] = await queryRows<{ visited: number; dropped: number }>(
    db,
    sql`
    WITH RECURSIVE window_rows AS (
      SELECT first.*, 1 AS n FROM (
        (${row(sql`thread_id >= ${start}::uuid`, sql`false`)}) UNION ALL (${row(sql`true`, sql`true`)}) LIMIT 1
      ) first
      UNION ALL
      SELECT next.*, window_rows.n + 1 FROM window_rows CROSS JOIN LATERAL (
        (${row(sql`thread_id > window_rows.thread_id`, sql`window_rows.wrapped`)})
        UNION ALL
        (${row(sql`NOT window_rows.wrapped`, sql`true`)})
        LIMIT 1
      ) next
      WHERE window_rows.n < ${pruneRows} AND NOT (next.wrapped AND next.thread_id >= ${start}::uuid)
    ),
    dropped AS (
      DELETE FROM unread_threads
      WHERE user_id = ${actor.id}::uuid
        AND thread_id = ANY (ARRAY(
          SELECT window_rows.thread_id FROM window_rows
          WHERE NOT EXISTS (SELECT 1 FROM messages WHERE ${unreadMessagesIn(actor, sql.raw("window_rows"))})))
      RETURNING 1
    )
    SELECT (SELECT count(*)::int FROM window_rows) AS visited, (SELECT count(*)::int FROM dropped) AS dropped`,
  );
  return counts ?? { visited: 0, dropped: 0 };
}
