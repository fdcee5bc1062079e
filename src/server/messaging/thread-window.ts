import { sql } from "drizzle-orm";
import { canSeeWhoRead, unreadMessagesOf, visibleMessagesWhere, visibleOrdersWhere, visibleThreadsWhere, type Actor } from "../access";
import { queryRows, type DbOrTx } from "../db/client";
import { invalid, notFound } from "../errors";
import { decodeCursor, encodeCursor, keysetTimestamp, type KeysetPosition, pageSize } from "../paging/keyset-cursor";
import { MESSAGE_PAGE_DEFAULT, MESSAGE_PAGE_MAX, type MessageWalk, readMessagePage } from "./list-thread-messages";
import type { MessageView } from "./message-view";
import type { ThreadView } from "./thread-view";

/** Messages shown above the one the thread opens at (first unread, or a search hit), for context. */
export const UNREAD_LEAD_IN = 5;

/*
 * The thread view's pages walk both ways from wherever it opened, so each cursor says which way it
 * goes: `newer:<position>` (after it; `newer:start` from the first message) or `older:<position>`
 * (before it). A cursor reproduces its page, so an infinite query that refetches its pages from
 * the first one's cursor gets the same window back.
 */
const NEWER = "newer:";
const OLDER = "older:";
const FROM_START = "start";

function newerCursor(after: KeysetPosition | null): string {
  return NEWER + (after ? encodeCursor(after) : FROM_START);
}

function olderCursor(before: KeysetPosition): string {
  return OLDER + encodeCursor(before);
}

/** No cursor: the newest page. A cursor the server did not issue is a 400. */
function walkOf(cursor: string | null | undefined): MessageWalk {
  if (!cursor) return { toward: "older", before: null };
  if (cursor.startsWith(OLDER)) return { toward: "older", before: decodeCursor(cursor.slice(OLDER.length)) };
  if (cursor.startsWith(NEWER)) {
    const rest = cursor.slice(NEWER.length);
    return { toward: "newer", after: rest === FROM_START ? null : decodeCursor(rest) };
  }
  throw invalid("Invalid cursor");
}

export interface ThreadWindowInput {
  orderNumber: string;
  cursor?: string | null;
  limit?: number;
}

export interface ThreadWindowPage {
  /** Customers' receipts carry no reader names; the output schema is a union on this. */
  viewer: "customer" | "admin" | "reseller" | "supplier";
  thread: ThreadView | null;
  /** Oldest first. */
  messages: MessageView[];
  /** The page before this one (older messages), null at the thread's first message. */
  olderCursor: string | null;
  /** The page after this one (newer messages), null at its newest. */
  newerCursor: string | null;
}

/**
 * One page of the conversation for the thread view, which opens where `openThreadWindow` says and
 * then loads older pages above and newer pages below. Receipts name their readers for those who
 * may know who read (`canSeeWhoRead`); a customer's never do.
 */
export async function listThreadWindow(db: DbOrTx, actor: Actor, input: ThreadWindowInput): Promise<ThreadWindowPage> {
  const walk = walkOf(input.cursor);
  const page = await readMessagePage(db, actor, input.orderNumber, walk, { limit: input.limit, readerNames: canSeeWhoRead(actor) });
  const { oldest, newest } = page;
  const towardOlder = walk.toward === "older";
  return {
    viewer: actor.role,
    thread: page.thread,
    messages: page.messages,
    // Beyond the page in the walk's direction only if the read saw more; behind it, whatever the
    // walk started from (a page walked from a position has that position behind it).
    olderCursor: oldest && (towardOlder ? page.more : walk.after !== null) ? olderCursor(oldest) : null,
    newerCursor: newest && (towardOlder ? walk.before !== null : page.more) ? newerCursor(newest) : null,
  };
}

/**
 * Where the thread view opens for this reader, as the cursor of its first page: null for the newest
 * page (the anchor is on it, or there is none), else a page that starts UNREAD_LEAD_IN messages
 * before the anchor. The anchor is the message a search hit named (`messageId`), else the reader's
 * first unread one. One statement: the first unread message walks messages_thread_created_idx from
 * the oldest with the message_reads primary key (the rule is `unreadMessagesOf`, the one the unread
 * counts use), and the two bounded reads beside the anchor (at most a page after it, the lead-in
 * before it) use the same index. 404 as for any read when the order is not the actor's to see, and
 * when the named message is not one of its messages the actor may see (an internal note for a
 * partner is as missing as an id from another order).
 */
export async function openThreadWindow(
  db: DbOrTx,
  actor: Actor,
  input: { orderNumber: string; messageId?: string; limit?: number },
): Promise<{ cursor: string | null }> {
  const limit = pageSize(input.limit, { default: MESSAGE_PAGE_DEFAULT, max: MESSAGE_PAGE_MAX });
  const [row] = await queryRows<{ thread_id: string | null; from_anchor: number | null; lead_in: number; start_at: string | null; start_id: string | null }>(
    db,
    sql`
      WITH visible_order AS (
        SELECT orders.id FROM orders
        WHERE orders.order_number = ${input.orderNumber} AND ${visibleOrdersWhere(db, actor)}
      ),
      visible_thread AS (
        SELECT threads.id FROM threads JOIN orders ON orders.id = threads.order_id
        WHERE threads.order_id IN (SELECT id FROM visible_order) AND ${visibleThreadsWhere(db, actor)}
      ),
      -- Read where it is used, not gathered first (it is named more than once, which would materialise it).
      thread_messages AS NOT MATERIALIZED (
        SELECT messages.created_at, messages.id FROM messages
        WHERE messages.thread_id = (SELECT id FROM visible_thread) AND ${visibleMessagesWhere(actor)}
      ),
      anchor AS (${
        input.messageId
          ? sql`SELECT created_at, id FROM thread_messages WHERE id = ${input.messageId}`
          : sql`
        SELECT messages.created_at, messages.id FROM messages
        WHERE ${unreadMessagesOf(actor, sql`(SELECT id FROM visible_thread)`)}
        ORDER BY messages.created_at, messages.id
        LIMIT 1`
      }
      ),
      -- The anchor and the messages after it, counted up to one more than a page: more than a page
      -- means the newest page does not reach back to it.
      from_anchor AS (
        SELECT count(*)::int AS n FROM (
          SELECT 1 FROM thread_messages WHERE (created_at, id) >= (SELECT created_at, id FROM anchor)
          LIMIT ${limit + 1}
        ) capped
      ),
      -- The lead-in above it, and one more: the page starts after that one (or at the thread's
      -- first message when there is none).
      lead_in AS (
        SELECT created_at, id FROM thread_messages
        WHERE (created_at, id) < (SELECT created_at, id FROM anchor)
        ORDER BY created_at DESC, id DESC
        LIMIT ${UNREAD_LEAD_IN + 1}
      ),
      page_start AS (
        SELECT created_at, id FROM lead_in ORDER BY created_at, id LIMIT 1
      )
      SELECT (SELECT id FROM visible_thread) AS thread_id,
             (SELECT n FROM from_anchor WHERE EXISTS (SELECT 1 FROM anchor)) AS from_anchor,
             (SELECT count(*)::int FROM lead_in) AS lead_in,
             ${keysetTimestamp(sql`(SELECT created_at FROM page_start)`)} AS start_at,
             (SELECT id FROM page_start) AS start_id
      FROM visible_order
    `,
  );
  if (!row) throw notFound();
  if (input.messageId && row.from_anchor === null) throw notFound("Message");
  if (!row.thread_id || row.from_anchor === null || row.from_anchor <= limit) return { cursor: null };
  const after = row.lead_in > UNREAD_LEAD_IN && row.start_at && row.start_id ? { at: row.start_at, id: row.start_id } : null;
  return { cursor: newerCursor(after) };
}
