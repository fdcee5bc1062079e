import { sql } from "drizzle-orm";
import { type DbOrTx, queryRows } from "../db/client";
import { rateLimits } from "../db/schema";

/**
 * Sliding-window limits kept in the database, so every app instance counts against the same
 * window: at most `limit` counted hits for a key in any `windowMs`. Each key is one row holding
 * the times of its recent hits; one INSERT … ON CONFLICT both decides and records, so parallel
 * hits from any number of processes cannot overshoot.
 */
export interface RateLimiter {
  /** Counts one attempt for `key`, unless over the limit; `allowed` false means over it. */
  hit(db: DbOrTx, key: string): Promise<RateLimitOutcome>;
  /** Whether `key` is over the limit now, without counting an attempt. */
  isLimited(db: DbOrTx, key: string): Promise<boolean>;
  /** Forgets `key`, e.g. after a successful sign-in. */
  reset(db: DbOrTx, key: string): Promise<void>;
  /** Gives back the one place an allowed hit took (its `at`), e.g. an attempt that turned out fine. */
  release(db: DbOrTx, key: string, at: number): Promise<void>;
}

export interface RateLimitOutcome {
  allowed: boolean;
  /** When refused: whole seconds until a hit would be allowed again (at least 1). */
  retryAfterSeconds: number;
  /** When allowed: the time recorded for this hit, for `release`. */
  at: number;
}

interface RateLimiterOptions {
  /** Namespaces the keys, so limiters of different things never share a count. */
  name: string;
  limit: number;
  windowMs: number;
  /** The clock (ms since the epoch); tests move it by hand. */
  now?: () => number;
}

/** Old rows are deleted at most this often per process; an expired row is harmless meanwhile. */
const SWEEP_INTERVAL_MS = 60_000;
let lastSweepAt = 0;

export function createRateLimiter(options: RateLimiterOptions): RateLimiter {
  const now = options.now ?? Date.now;
  const { limit, windowMs } = options;
  const rowKey = (key: string) => `${options.name}:${key}`;

  async function sweepExpired(db: DbOrTx, at: number) {
    if (at - lastSweepAt < SWEEP_INTERVAL_MS && at >= lastSweepAt) return;
    lastSweepAt = at;
    await db.delete(rateLimits).where(sql`${rateLimits.expiresAt} < ${at}::bigint`);
  }

  /** The oldest hit still inside the window, or null when the key has none. */
  async function oldestRecentHit(db: DbOrTx, key: string, at: number): Promise<number | null> {
    const [row] = await queryRows<{ oldest: number | null; recent: number }>(
      db,
      sql`select (select min(h) from unnest(${rateLimits.hits}) h where h > ${at - windowMs}::bigint)::float8 as oldest,
                 (select count(*) from unnest(${rateLimits.hits}) h where h > ${at - windowMs}::bigint)::int as recent
          from ${rateLimits} where ${rateLimits.key} = ${rowKey(key)}`,
    );
    return row && row.recent >= limit ? row.oldest : null;
  }

  return {
    async hit(db, key) {
      const at = now();
      await sweepExpired(db, at);
      const windowStart = at - windowMs;
      // The WHERE of DO UPDATE sees the row as the last committed hit left it (the conflicting
      // row is locked), so two hits never both take the last place.
      const recorded = await queryRows<{ recorded: boolean }>(
        db,
        sql`insert into ${rateLimits} as r (key, hits, expires_at)
            values (${rowKey(key)}, array[${at}::bigint], ${at + windowMs}::bigint)
            on conflict (key) do update
              set hits = array(select h from unnest(r.hits) h where h > ${windowStart}::bigint order by h) || ${at}::bigint,
                  expires_at = ${at + windowMs}::bigint
              where (select count(*) from unnest(r.hits) h where h > ${windowStart}::bigint) < ${limit}
            returning true as recorded`,
      );
      if (recorded.length > 0) return { allowed: true, retryAfterSeconds: 0, at };
      const oldest = (await oldestRecentHit(db, key, at)) ?? at;
      return { allowed: false, retryAfterSeconds: Math.max(1, Math.ceil((oldest + windowMs - at) / 1000)), at };
    },
    async isLimited(db, key) {
      return (await oldestRecentHit(db, key, now())) !== null;
    },
    async reset(db, key) {
      await db.delete(rateLimits).where(sql`${rateLimits.key} = ${rowKey(key)}`);
    },
    async release(db, key, at) {
      // One occurrence only: two hits of the same millisecond are two places.
      await db.execute(
        sql`update ${rateLimits}
            set hits = hits[:array_position(hits, ${at}::bigint) - 1] || hits[array_position(hits, ${at}::bigint) + 1:]
            where ${rateLimits.key} = ${rowKey(key)} and array_position(hits, ${at}::bigint) is not null`,
      );
    },
  };
}
