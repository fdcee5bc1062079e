import { invalid } from "../errors";

/**
 * Where the next search page starts: the last row's (created_at, id) and the number of the page
 * it opens. `createdAt` is Postgres' own text of the timestamp with microseconds: a JS Date keeps
 * only milliseconds, and a cursor truncated to them would skip rows written in the same
 * millisecond after the last one shown.
 */
export interface SearchCursor {
  createdAt: string;
  id: string;
  page: number;
}

const timestampPattern = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{6}Z$/;
const uuidPattern = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export function encodeSearchCursor(cursor: SearchCursor): string {
  return Buffer.from(JSON.stringify([cursor.createdAt, cursor.id, cursor.page])).toString("base64url");
}

/** Opaque to clients; anything that is not one of ours is a 400, never a SQL error. */
export function decodeSearchCursor(encoded: string): SearchCursor {
  let parsed: unknown;
  try {
    parsed = JSON.parse(Buffer.from(encoded, "base64url").toString("utf8"));
  } catch {
    throw invalid("Invalid cursor");
  }
  if (!Array.isArray(parsed) || parsed.length !== 3) throw invalid("Invalid cursor");
  const [createdAt, id, page] = parsed as unknown[];
  if (
    typeof createdAt !== "string" ||
    !timestampPattern.test(createdAt) ||
    Number.isNaN(Date.parse(createdAt)) ||
    typeof id !== "string" ||
    !uuidPattern.test(id) ||
    typeof page !== "number" ||
    !Number.isSafeInteger(page) ||
    page < 2
  ) {
    throw invalid("Invalid cursor");
  }
  return { createdAt, id, page };
}
