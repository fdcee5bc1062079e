import { sql, type SQL } from "drizzle-orm";
import type { PgColumn } from "drizzle-orm/pg-core";
import { invalid } from "../errors";

/**
 * A position in a list ordered by (timestamp, id). Postgres keeps microseconds and a JS Date only
 * milliseconds, so the timestamp travels as Postgres' own text (`keysetTimestamp`) and goes back
 * in as `::timestamptz`: a cursor never skips or repeats rows that share a millisecond.
 */
export interface KeysetPosition {
  at: string;
  id: string;
  /** The page number this cursor opens, for lists that also report pages (search). */
  page?: number;
}

const uuidPattern = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const isoMicrosPattern = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{6}Z$/;

/** The column as UTC ISO 8601 with microseconds, the cursor's timestamp format. */
export function keysetTimestamp(column: PgColumn | SQL): SQL<string> {
  return sql<string>`to_char(${column} AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"')`;
}

/** Opaque to clients: base64url of the position. */
export function encodeCursor(position: KeysetPosition): string {
  const parts = position.page === undefined ? [position.at, position.id] : [position.at, position.id, position.page];
  return Buffer.from(JSON.stringify(parts)).toString("base64url");
}

/** A real instant, not just the right shape: Date.parse accepts Feb 30, Postgres does not. */
function isRealInstant(at: string): boolean {
  const date = new Date(at);
  return !Number.isNaN(date.getTime()) && date.getUTCFullYear() >= 1 && date.toISOString().slice(0, 23) === at.slice(0, 23);
}

const isPage = (page: unknown): page is number => typeof page === "number" && Number.isSafeInteger(page) && page >= 2;

/** A cursor the server did not issue is a 400, never a database error. */
export function decodeCursor(cursor: string): KeysetPosition {
  try {
    const parsed: unknown = JSON.parse(Buffer.from(cursor, "base64url").toString("utf8"));
    if (Array.isArray(parsed) && (parsed.length === 2 || parsed.length === 3)) {
      const [at, id, page] = parsed as unknown[];
      const validPosition =
        typeof at === "string" && typeof id === "string" && isoMicrosPattern.test(at) && isRealInstant(at) && uuidPattern.test(id);
      if (validPosition && page === undefined) return { at, id };
      if (validPosition && isPage(page)) return { at, id, page };
    }
  } catch {
    // falls through to the refusal below
  }
  throw invalid("Invalid cursor");
}

/** The page size a list applies: the asked one (whole), else its default, within 1..max. */
export function pageSize(asked: number | undefined, defaults: { default: number; max: number }): number {
  return Math.min(Math.max(Math.trunc(asked ?? defaults.default), 1), defaults.max);
}

/**
 * A page read with LIMIT `limit + 1`: its first `limit` rows, and the cursor after the last of
 * them when the extra row shows there is more.
 */
export function takePage<T>(
  rows: readonly T[],
  limit: number,
  positionOf: (row: T) => KeysetPosition,
): { page: T[]; nextCursor: string | null } {
  const page = rows.slice(0, limit);
  const last = page.at(-1);
  return { page, nextCursor: rows.length > limit && last ? encodeCursor(positionOf(last)) : null };
}
