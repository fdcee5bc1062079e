import { sql } from "drizzle-orm";
import { queryRows, type DbOrTx } from "../db/client";
import type { OnlineUsers } from "../realtime/online-users";
import type { DigestOptions } from "./delivery-config";

export interface DigestStepReport {
  /** Users with notifications waiting longer than the delay, not throttled. */
  candidates: number;
  /** Of those, online now: they see their bell, no email. */
  online: number;
  /** Digests queued (one delivery row per user). */
  queued: number;
}

const ms = (value: number) => sql`${value} * interval '1 millisecond'`;

/** Unread, not yet emailed, not too old to be worth an email. */
const waitingNotification = (maxAgeMs: number) =>
  sql`n.read_at IS NULL AND n.digest_delivery_id IS NULL AND n.created_at > now() - ${ms(maxAgeMs)}`;

/** Who may get a digest at all: enabled, with an address, and past the throttle. */
const mayGetDigest = (intervalMs: number) =>
  sql`u.disabled_at IS NULL AND position('@' IN u.email) > 0
      AND (u.last_digest_at IS NULL OR u.last_digest_at <= now() - ${ms(intervalMs)})`;

/**
 * One page of candidates, keyset on user id: users whose oldest waiting notification is older
 * than the delay. Read from notifications_digest_due_idx (only unread, unemailed rows are in it).
 */
async function candidatePage(db: DbOrTx, options: DigestOptions, after: string | null): Promise<string[]> {
  const rows = await queryRows<{ user_id: string }>(
    db,
    sql`
      SELECT n.user_id FROM notifications n
      JOIN users u ON u.id = n.user_id
      WHERE ${waitingNotification(options.maxAgeMs)} AND n.created_at <= now() - ${ms(options.delayMs)}
        AND ${mayGetDigest(options.intervalMs)}
        ${after ? sql`AND n.user_id > ${after}::uuid` : sql``}
      GROUP BY n.user_id
      ORDER BY n.user_id
      LIMIT ${options.batchSize}`,
  );
  return rows.map((row) => row.user_id);
}

/**
 * Queues one digest per user in ONE statement, idempotent under concurrency:
 * - the conditional UPDATE of the user's `last_digest_at` is the throttle and the lock: a second
 *   worker queueing the same user waits for the first, re-checks the row, finds it throttled and
 *   queues nothing;
 * - the user's waiting notifications are marked with the new delivery's id in the same statement
 *   that inserts the delivery, so a notification is in at most one digest and a crash leaves
 *   either both or neither;
 * - no notification left to mark (all read meanwhile): no delivery row.
 * The user's address is the one on their row now; their role decides the links when it is sent.
 */
async function queueDigestsFor(db: DbOrTx, userIds: readonly string[], options: DigestOptions): Promise<number> {
  if (userIds.length === 0) return 0;
  const rows = await queryRows<{ id: string }>(
    db,
    sql`
      WITH due_users AS (
        UPDATE users u SET last_digest_at = now()
        WHERE u.id IN (${sql.join(
          userIds.map((id) => sql`${id}::uuid`),
          sql`, `,
        )})
          AND ${mayGetDigest(options.intervalMs)}
          AND EXISTS (
            SELECT 1 FROM notifications n
            WHERE n.user_id = u.id AND ${waitingNotification(options.maxAgeMs)} AND n.created_at <= now() - ${ms(options.delayMs)}
          )
        RETURNING u.id, u.email
      ), planned AS (
        -- Materialised once (a volatile function keeps a CTE from being inlined): one id per user.
        SELECT id AS user_id, email, gen_random_uuid() AS delivery_id FROM due_users
      ), marked AS (
        UPDATE notifications n SET digest_delivery_id = p.delivery_id
        FROM planned p
        WHERE n.user_id = p.user_id AND ${waitingNotification(options.maxAgeMs)}
        RETURNING n.user_id
      )
      INSERT INTO deliveries (id, kind, user_id, channel, recipient)
      SELECT p.delivery_id, 'digest', p.user_id, 'email', p.email FROM planned p
      WHERE EXISTS (SELECT 1 FROM marked m WHERE m.user_id = p.user_id)
      RETURNING id`,
  );
  return rows.length;
}

/**
 * The worker's digest step: everyone with notifications waiting longer than the delay who is not
 * online now gets one digest delivery listing all of their waiting notifications (the burst's
 * newest too). The worker then sends it like any other email (process-digest.ts).
 */
export async function queueDueDigests(db: DbOrTx, onlineUsers: OnlineUsers, options: DigestOptions): Promise<DigestStepReport> {
  const report: DigestStepReport = { candidates: 0, online: 0, queued: 0 };
  // Page through every candidate: a page of users who stay online must not hide the rest.
  for (let after: string | null = null; ; ) {
    const page = await candidatePage(db, options, after);
    if (page.length === 0) break;
    const online = await onlineUsers(page);
    report.candidates += page.length;
    report.online += online.size;
    report.queued += await queueDigestsFor(
      db,
      page.filter((id) => !online.has(id)),
      options,
    );
    if (page.length < options.batchSize) break;
    after = page.at(-1) ?? null;
  }
  return report;
}
