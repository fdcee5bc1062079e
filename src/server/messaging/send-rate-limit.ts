import { sql, type SQL } from "drizzle-orm";
import { env } from "~/env";

/**
 * The per-user send limit (SEND_RATE_LIMIT per SEND_RATE_WINDOW_SECONDS), folded into the send
 * statement instead of a round trip of its own. Same table, key and sliding window as
 * rate-limit/rate-limiter.ts (`send:<userId>`), so every app instance still counts against one
 * window and a parallel burst still cannot overshoot: the DO UPDATE's WHERE sees the row as the
 * last committed hit left it (the conflicting row is locked).
 *
 * A hit is counted whatever the send's outcome (unknown order, refused attachment), as before.
 */
export interface SendRateLimit {
  /** CTE body: one row (`recorded`) when the hit was allowed and recorded, none when over the limit. */
  hit: SQL;
  /** Scalar: the oldest hit still in the window, as the statement's snapshot saw it (for Retry-After). */
  oldestHit: SQL;
  retryAfterSeconds(oldestHit: number | null): number;
}

export function sendRateLimit(userId: string, now: number = Date.now()): SendRateLimit {
  const key = `send:${userId}`;
  const windowMs = env.SEND_RATE_WINDOW_SECONDS * 1000;
  const windowStart = now - windowMs;
  return {
    hit: sql`
      INSERT INTO rate_limits AS r (key, hits, expires_at)
      VALUES (${key}, array[${now}::bigint], ${now + windowMs}::bigint)
      ON CONFLICT (key) DO UPDATE
        SET hits = array(SELECT h FROM unnest(r.hits) h WHERE h > ${windowStart}::bigint ORDER BY h) || ${now}::bigint,
            expires_at = ${now + windowMs}::bigint
        WHERE (SELECT count(*) FROM unnest(r.hits) h WHERE h > ${windowStart}::bigint) < ${env.SEND_RATE_LIMIT}
      RETURNING true AS recorded`,
    oldestHit: sql`(SELECT min(h)::float8 FROM rate_limits r, unnest(r.hits) h WHERE r.key = ${key} AND h > ${windowStart}::bigint)`,
    retryAfterSeconds: (oldest) => Math.max(1, Math.ceil(((oldest ?? now) + windowMs - now) / 1000)),
  };
}
