import "server-only";
import { and, eq, gte, inArray, lt, or, sql, type SQL } from "drizzle-orm";
import {
  canSearchAllMessages,
  visibleMessagesWhere,
  visibleThreadsWhere,
  type Actor,
} from "../access";
import { queryRows, type DbOrTx } from "../db/client";
import {
  messages,
  orders,
  threads,
  type channel,
  type orderStatus,
  type senderRole,
  type threadStatus,
} from "../db/schema";
import { forbidden, invalid } from "../errors";
import { refreshUnreadThreads, unreadMessagesIn } from "./refresh-unread-threads";
import { messageDetailsOf, toMessageViewWithDetails, type MessageView } from "../messaging/message-view";
import { decodeCursor, keysetTimestamp, pageSize, takePage } from "../paging/keyset-cursor";
import { toThreadView, type ThreadView } from "../messaging/thread-view";
import { threadFirstCandidates, threadFirstCutoff, type ThreadFirstPage } from "./thread-first-page";

export const SEARCH_KEYWORD_MAX_LENGTH = 200;
export const SEARCH_LIMIT_DEFAULT = 20;
export const SEARCH_LIMIT_MAX = 100;
const SNIPPET_PLAIN_LENGTH = 160;

export interface SearchMessagesInput {
  /** Words (web-search syntax: "quoted phrase", -excluded, or), an order number or a customer email. */
  keyword?: string;
  /** The thread's status. */
  status?: (typeof threadStatus.enumValues)[number];
  /** true: messages the caller has no read receipt for, their own excluded. false or absent: no filter. */
  unread?: boolean;
  orderStatus?: (typeof orderStatus.enumValues)[number];
  channel?: (typeof channel.enumValues)[number];
  senderRole?: (typeof senderRole.enumValues)[number];
  storeId?: string;
  /** created_at >= from */
  from?: Date;
  /**
   * Inclusive to the millisecond, the precision of every timestamp the API shows: created_at is
   * kept in microseconds, so `to` = a message's createdAt still includes that message.
   */
  to?: Date;
  /** 1-based; used only without a cursor. */
  page?: number;
  limit?: number;
  /** nextCursor of the previous answer; wins over `page`. */
  cursor?: string;
}

export interface SearchMessagesResult {
  results: { message: MessageView; thread: ThreadView; snippet: string }[];
  nextCursor: string | null;
  page: number;
  limit: number;
}

/**
 * Snippets mark the words that matched with ** on both sides (ts_headline's StartSel/StopSel).
 * They are plain text cut from the message: clients render them as text and may style the
 * marked spans, never as HTML or Markdown. Content that itself contains ** is not escaped.
 */
const headlineOptions = "StartSel=**, StopSel=**, MaxFragments=2, MaxWords=20, MinWords=5";

/**
 * ts_headline's parser drops anything that looks like a tag ("a<b and c>d" came back "a d"), so
 * angle brackets pass through it as private-use characters and are put back after.
 */
function headlineOf(content: SQL, tsquery: SQL): SQL<string> {
  const shielded = sql`replace(replace(${content}, '<', U&'\\E000'), '>', U&'\\E001')`;
  return sql<string>`replace(replace(ts_headline('english', ${shielded}, ${tsquery}, ${headlineOptions}), U&'\\E000', '<'), U&'\\E001', '>')`;
}

function plainSnippet(content: string): string {
  const chars = Array.from(content);
  return chars.length > SNIPPET_PLAIN_LENGTH ? `${chars.slice(0, SNIPPET_PLAIN_LENGTH).join("")}…` : content;
}

/** Postgres text can't hold NUL; anything else in a keyword is data to websearch_to_tsquery. */
function normaliseKeyword(keyword: string | undefined): string | undefined {
  const cleaned = keyword?.replaceAll("\u0000", " ").trim().slice(0, SEARCH_KEYWORD_MAX_LENGTH);
  return cleaned ? cleaned : undefined;
}

/**
 * Threads of the orders whose number or customer email is the keyword (case-insensitive, exact).
 * Looked up first so the message query is a plain OR of two index conditions on `messages`
 * (GIN on search_vector, btree on thread_id) that the planner can combine with a BitmapOr.
 */
async function threadsOfOrdersNamedBy(db: DbOrTx, actor: Actor, keyword: string): Promise<string[]> {
  const rows = await db
    .select({ id: threads.id })
    .from(threads)
    .innerJoin(orders, eq(orders.id, threads.orderId))
    .where(
      and(
        or(sql`lower(${orders.orderNumber}) = lower(${keyword})`, sql`lower(${orders.customerEmail}) = lower(${keyword})`),
        visibleThreadsWhere(db, actor),
      ),
    );
  return rows.map((r) => r.id);
}

/**
 * OFFSET paging reads and drops every row before the page, so it is capped: beyond
 * SEARCH_OFFSET_ROWS_MAX rows (page × limit) the keyset cursor is the way on.
 */
export const SEARCH_OFFSET_ROWS_MAX = 1000;

/**
 * Up to this many estimated matches, a keyword's hits are fetched through the GIN index and sorted
 * (a few thousand rows sort in milliseconds); above it the page is read by walking
 * messages_created_idx newest first, which stops as soon as the page is full. Left to itself the
 * planner walked by time for a word it guessed at 700 matches that had 20, reading all 1 M
 * messages (1.2 s).
 *
 * The crossover, measured at 1 M messages (page of 20, median of 5, walk / GIN+sort): est. 5.8 k
 * 86 / 41 ms, 9.4 k 75 / 55 ms, 11.8 k 71 / 77 ms, 13.3 k 62 / 52 ms, 28 k 58 / 164 ms. The walk
 * costs about the same whatever the word (it stops at the page) as long as the hits are spread
 * over time, and far more when they are old; the GIN side grows with the matches. Hence the
 * crossover's low end: the old 5,000 sent the bench's mid word (5 k hits) down the walk, 178 ms p95.
 */
export const SEARCH_GIN_ROWS_MAX = 12_000;

/** The planner's estimate of the messages a text match selects (planning only, no execution). */
async function estimatedMatches(db: DbOrTx, textMatch: SQL): Promise<number> {
  const [row] = await queryRows<{ "QUERY PLAN": unknown }>(db, sql`EXPLAIN (FORMAT JSON) SELECT 1 FROM messages WHERE ${textMatch}`);
  const raw = row?.["QUERY PLAN"];
  const plan = (typeof raw === "string" ? JSON.parse(raw) : raw) as { Plan?: { "Plan Rows"?: number } }[] | undefined;
  return plan?.[0]?.Plan?.["Plan Rows"] ?? Number.POSITIVE_INFINITY;
}

interface SearchRow {
  id: string;
  thread_id: string;
  sender_role: MessageView["senderRole"];
  sender_id: string | null;
  sender_name: string;
  channel: MessageView["channel"];
  message_type: MessageView["messageType"];
  content: string;
  is_internal: boolean;
  created_at: string;
  position: string;
  order_number: string;
  thread_status: ThreadView["status"];
  thread_last_message_at: string;
  thread_last_public_message_at: string | null;
  thread_created_at: string;
  thread_closed_at: string | null;
  thread_closed_by: string | null;
  headline: string | null;
  attachments: unknown;
  read_by: unknown;
}

/**
 * Messages for unread=true: only inside the spans of the caller's set (refreshUnreadThreads), so
 * the cost is those messages, not every message ever written (1.07 s at 1 M messages, all read)
 * nor every message of a long thread with one unread (1.3 s for the bench's floor thread).
 *
 * A small set drives: each of its threads' span is read on messages_thread_created_idx, as a
 * LATERAL that OFFSET 0 keeps from being flattened — flattened, the planner keyed the scan on the
 * thread alone and checked the span after, reading all 160 k floor messages for one unread. A
 * larger set is probed (its primary key) by the time walk, which stops once the page is full: the
 * probe is a subplan (OFFSET 0) for the same reason as in listThreads — joined, the planner, with
 * no statistics on unread_threads, drove from the bench admin's 50 k threads (362 k messages,
 * 2.4 to 6 s) instead of walking.
 */
function unreadSource(smallSet: boolean): SQL {
  return smallSet
    ? sql`unread_threads CROSS JOIN LATERAL (
        SELECT * FROM messages
        WHERE messages.thread_id = unread_threads.thread_id
          AND messages.created_at BETWEEN unread_threads.unread_from AND unread_threads.unread_through
        OFFSET 0
      ) messages`
    : sql`messages`;
}

/**
 * unread=true's condition on each message, read from its thread's row in the caller's set. The
 * large set's walk also stops at the set's oldest span start (unread_threads_user_from_idx): no
 * unread message is older, and a set whose rows were mostly read since (receipts that did not go
 * through markThreadRead) otherwise walked all 1 M messages into the statement timeout.
 */
function unreadWhere(actor: Actor, smallSet: boolean): SQL {
  const inSpan = and(sql`unread_threads.user_id = ${actor.id}::uuid`, unreadMessagesIn(actor, sql.raw("unread_threads")))!;
  return smallSet
    ? inSpan
    : sql`messages.created_at >= (SELECT min(unread_from) FROM unread_threads WHERE user_id = ${actor.id}::uuid)
      AND EXISTS (SELECT 1 FROM unread_threads WHERE unread_threads.thread_id = messages.thread_id AND ${inSpan} OFFSET 0)`;
}

/**
 * The page query, built but not run, with the page and limit it applies. Separate from
 * searchMessages so a test can EXPLAIN exactly what runs. Fetches one row more than the page,
 * which tells whether another page follows.
 *
 * Two levels: the inner query picks the page (access predicates, filters, keyset or OFFSET, LIMIT)
 * on plain columns; only its rows get a snippet, attachments and receipts. With ts_headline in the
 * same select list, Postgres computed it for every row OFFSET skipped (page 1,000: 20,000 headlines).
 */
export async function buildSearchQuery(db: DbOrTx, actor: Actor, input: SearchMessagesInput) {
  const limit = pageSize(input.limit, { default: SEARCH_LIMIT_DEFAULT, max: SEARCH_LIMIT_MAX });
  const cursor = input.cursor ? decodeCursor(input.cursor) : undefined;
  // A search cursor always carries the page it opens; one from another list is not ours.
  if (cursor && cursor.page === undefined) throw invalid("Invalid cursor");
  const page = cursor?.page ?? Math.max(Math.trunc(input.page ?? 1), 1);
  if (!cursor && page * limit > SEARCH_OFFSET_ROWS_MAX) {
    throw invalid(
      `page × limit may be at most ${SEARCH_OFFSET_ROWS_MAX}: to read further, pass the previous answer's nextCursor as cursor`,
    );
  }
  const keyword = normaliseKeyword(input.keyword);

  // websearch_to_tsquery accepts any text without raising: quotes, operators and punctuation
  // are read as words or ignored, and the keyword is always a bound parameter.
  const tsquery = keyword ? sql`websearch_to_tsquery('english', ${keyword})` : undefined;
  const textMatch = tsquery ? sql`${messages.searchVector} @@ ${tsquery}` : undefined;
  const namedThreads = keyword ? await threadsOfOrdersNamedBy(db, actor, keyword) : [];
  const unreadSet = input.unread ? await refreshUnreadThreads(db, actor) : undefined;
  // `+ interval '0'` hides the ordering from messages_created_idx, so a rare word's few hits come
  // from the GIN index (or a small unread set's messages from messages_thread_created_idx) and are
  // sorted; the values, and so the order, are the same.
  const rareWord = textMatch !== undefined && (await estimatedMatches(db, textMatch)) <= SEARCH_GIN_ROWS_MAX;
  const orderKey = rareWord || unreadSet?.small ? sql`(messages.created_at + interval '0')` : sql`messages.created_at`;

  // Whoever may search every message sees every thread: unless a thread or order filter asks for
  // them, threads and orders stay out of choosing the page. Joined, a rare word's 99 hits were
  // hashed against all 100 k threads (76 ms) once the planner guessed 737 hits.
  const joinThreads = !canSearchAllMessages(actor) || input.status !== undefined || input.orderStatus !== undefined;
  const where: (SQL | undefined)[] = [
    joinThreads ? visibleThreadsWhere(db, actor) : undefined,
    visibleMessagesWhere(actor),
    textMatch && or(textMatch, namedThreads.length > 0 ? inArray(messages.threadId, namedThreads) : undefined),
    input.status && eq(threads.status, input.status),
    input.orderStatus && eq(orders.status, input.orderStatus),
    input.channel && eq(messages.channel, input.channel),
    input.senderRole && eq(messages.senderRole, input.senderRole),
    input.storeId !== undefined ? eq(messages.storeId, input.storeId) : undefined,
    input.from && gte(messages.createdAt, input.from),
    input.to && lt(messages.createdAt, new Date(input.to.getTime() + 1)),
    unreadSet ? unreadWhere(actor, unreadSet.small) : undefined,
    cursor && sql`(${messages.createdAt}, ${messages.id}) < (${cursor.at}::timestamptz, ${cursor.id}::uuid)`,
  ];

  const offset = cursor ? 0 : (page - 1) * limit;
  // Filtered on the thread or its order alone, the page is chosen thread first (thread-first-page.ts):
  // every message of a thread then matches, and no message is newer than its thread's activity.
  const threadFiltersOnly =
    canSearchAllMessages(actor) &&
    (input.status !== undefined || input.orderStatus !== undefined) &&
    !keyword && !input.unread && !input.channel && !input.senderRole && input.storeId === undefined && !input.from && !input.to;
  const threadFirst: ThreadFirstPage | undefined = threadFiltersOnly
    ? {
        threadsWhere: sql`${visibleThreadsWhere(db, actor)}
          ${input.status ? sql`AND ${eq(threads.status, input.status)}` : sql``}
          ${input.orderStatus ? sql`AND ${eq(orders.status, input.orderStatus)}` : sql``}`,
        need: offset + limit + 1,
        before: cursor,
      }
    : undefined;

  // The page is chosen on keys alone (id, created_at, thread_id), and its rows' columns fetched
  // after: a filter's index (messages_channel_created_idx, …) then picks the page index-only, which
  // the planner prefers to the time walk it otherwise believed cheap (channel=email walked past
  // the bench's 160 k newest floor messages: 110 ms, against 5 ms now).
  const chosen = threadFirst
    ? sql`
    SELECT candidates.id, false AS matched
    FROM (${threadFirstCandidates(actor, threadFirst, await threadFirstCutoff(db, actor, threadFirst))}) candidates
    ORDER BY candidates.created_at DESC NULLS LAST, candidates.id DESC NULLS LAST
    LIMIT ${limit + 1} OFFSET ${offset}`
    : sql`
    SELECT messages.id, ${textMatch ?? sql`false`} AS matched
    FROM ${unreadSet ? unreadSource(unreadSet.small) : sql`messages`}
    ${joinThreads ? sql`JOIN threads ON threads.id = messages.thread_id JOIN orders ON orders.id = threads.order_id` : sql``}
    WHERE ${and(...where) ?? sql`true`}
    -- NULLS LAST exactly as messages_created_idx is built: a plain DESC means NULLS FIRST, which
    -- that index can't serve even on NOT NULL columns, and every search without a rare word then
    -- sorted the whole table (1.1 s at 300k rows) instead of reading the index from the newest
    -- row and stopping at the limit (0.4 ms).
    ORDER BY ${orderKey} DESC NULLS LAST, messages.id DESC NULLS LAST
    LIMIT ${limit + 1} OFFSET ${offset}`;
  const hits = sql`
    SELECT messages.id, messages.thread_id, messages.sender_role, messages.sender_id, messages.sender_name,
           messages.channel, messages.message_type, messages.content, messages.is_internal, messages.created_at,
           orders.order_number, threads.status AS thread_status,
           threads.last_message_at AS thread_last_message_at, threads.last_public_message_at AS thread_last_public_message_at,
           threads.created_at AS thread_created_at, threads.closed_at AS thread_closed_at, threads.closed_by AS thread_closed_by,
           chosen.matched
    FROM (${chosen}) chosen
    JOIN messages ON messages.id = chosen.id
    JOIN threads ON threads.id = messages.thread_id
    JOIN orders ON orders.id = threads.order_id`;

  const query = sql`
    SELECT hit.id, hit.thread_id, hit.sender_role, hit.sender_id, hit.sender_name, hit.channel, hit.message_type,
           hit.content, hit.is_internal, ${keysetTimestamp(sql.raw("hit.created_at"))} AS position,
           hit.order_number, hit.thread_status,
           hit.thread_last_message_at, hit.thread_last_public_message_at, hit.thread_created_at,
           hit.thread_closed_at, hit.thread_closed_by,
           ${tsquery ? sql`CASE WHEN hit.matched THEN ${headlineOf(sql.raw("hit.content"), tsquery)} END` : sql`NULL::text`} AS headline,
           ${messageDetailsOf(sql.raw("hit.id"))}
    FROM (${hits}) hit
    ORDER BY hit.created_at DESC NULLS LAST, hit.id DESC NULLS LAST`;
  return { query: { getSQL: () => query, run: () => queryRows<SearchRow>(db, query) }, page, limit };
}

/** Admin search over every message, internal notes included, newest first. */
export async function searchMessages(db: DbOrTx, actor: Actor, input: SearchMessagesInput): Promise<SearchMessagesResult> {
  if (!canSearchAllMessages(actor)) throw forbidden("Only admins can search all messages");
  const { query, page, limit } = await buildSearchQuery(db, actor, input);
  const rows = await query.run();
  const { page: pageRows, nextCursor } = takePage(rows, limit, (row) => ({ at: row.position, id: row.id, page: page + 1 }));
  const date = (value: string) => new Date(value);
  return {
    results: pageRows.map((row) => ({
      message: toMessageViewWithDetails(actor, row.order_number, {
        id: row.id,
        threadId: row.thread_id,
        senderRole: row.sender_role,
        senderId: row.sender_id,
        senderName: row.sender_name,
        channel: row.channel,
        messageType: row.message_type,
        content: row.content,
        isInternal: row.is_internal,
        createdAt: date(row.position),
        attachments: row.attachments,
        readBy: row.read_by,
      }),
      thread: toThreadView(
        actor,
        {
          id: row.thread_id,
          status: row.thread_status,
          lastMessageAt: date(row.thread_last_message_at),
          lastPublicMessageAt: row.thread_last_public_message_at === null ? null : date(row.thread_last_public_message_at),
          createdAt: date(row.thread_created_at),
          closedAt: row.thread_closed_at === null ? null : date(row.thread_closed_at),
          closedBy: row.thread_closed_by,
        },
        row.order_number,
      ),
      snippet: row.headline ?? plainSnippet(row.content),
    })),
    nextCursor,
    page,
    limit,
  };
}
