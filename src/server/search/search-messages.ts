import "server-only";
import { and, eq, gte, inArray, lt, notExists, or, sql, type SQL } from "drizzle-orm";
import { canSearchAllMessages, visibleMessagesWhere, visibleOrdersWhere, type Actor } from "../access";
import type { DbOrTx } from "../db/client";
import {
  messageReads,
  messages,
  orders,
  threads,
  type channel,
  type orderStatus,
  type senderRole,
  type threadStatus,
} from "../db/schema";
import { forbidden, invalid } from "../errors";
import { messageViewColumns } from "../messaging/message-view";
import { decodeCursor, keysetTimestamp, pageSize, takePage } from "../paging/keyset-cursor";
import { loadMessageViews, type MessageView } from "../messaging/message-view";
import { toThreadView, type ThreadView } from "../messaging/thread-view";

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
    .innerJoin(orders, and(eq(orders.id, threads.orderId), eq(orders.storeId, threads.storeId)))
    .where(
      and(
        or(sql`lower(${orders.orderNumber}) = lower(${keyword})`, sql`lower(${orders.customerEmail}) = lower(${keyword})`),
        visibleOrdersWhere(db, actor),
      ),
    );
  return rows.map((r) => r.id);
}

/**
 * The page query, built but not run, with the page and limit it applies. Separate from
 * searchMessages so a test can EXPLAIN exactly what runs. Fetches one row more than the page,
 * which tells whether another page follows.
 */
export async function buildSearchQuery(db: DbOrTx, actor: Actor, input: SearchMessagesInput) {
  const limit = pageSize(input.limit, { default: SEARCH_LIMIT_DEFAULT, max: SEARCH_LIMIT_MAX });
  const cursor = input.cursor ? decodeCursor(input.cursor) : undefined;
  // A search cursor always carries the page it opens; one from another list is not ours.
  if (cursor && cursor.page === undefined) throw invalid("Invalid cursor");
  const page = cursor?.page ?? Math.max(Math.trunc(input.page ?? 1), 1);
  const keyword = normaliseKeyword(input.keyword);

  // websearch_to_tsquery accepts any text without raising: quotes, operators and punctuation
  // are read as words or ignored, and the keyword is always a bound parameter.
  const tsquery = keyword ? sql`websearch_to_tsquery('english', ${keyword})` : undefined;
  const textMatch = tsquery ? sql`${messages.searchVector} @@ ${tsquery}` : undefined;
  const namedThreads = keyword ? await threadsOfOrdersNamedBy(db, actor, keyword) : [];

  const where: (SQL | undefined)[] = [
    visibleOrdersWhere(db, actor),
    visibleMessagesWhere(actor),
    textMatch && or(textMatch, namedThreads.length > 0 ? inArray(messages.threadId, namedThreads) : undefined),
    input.status && eq(threads.status, input.status),
    input.orderStatus && eq(orders.status, input.orderStatus),
    input.channel && eq(messages.channel, input.channel),
    input.senderRole && eq(messages.senderRole, input.senderRole),
    input.storeId !== undefined ? eq(messages.storeId, input.storeId) : undefined,
    input.from && gte(messages.createdAt, input.from),
    input.to && lt(messages.createdAt, new Date(input.to.getTime() + 1)),
    input.unread
      ? and(
          sql`${messages.senderId} IS DISTINCT FROM ${actor.id}::uuid`,
          notExists(
            db
              .select({ one: sql`1` })
              .from(messageReads)
              .where(and(eq(messageReads.messageId, messages.id), eq(messageReads.userId, actor.id))),
          ),
        )
      : undefined,
    cursor && sql`(${messages.createdAt}, ${messages.id}) < (${cursor.at}::timestamptz, ${cursor.id}::uuid)`,
  ];

  const query = db
    .select({
      message: { ...messageViewColumns, orderNumber: orders.orderNumber },
      thread: {
        id: threads.id,
        orderNumber: orders.orderNumber,
        status: threads.status,
        lastMessageAt: threads.lastMessageAt,
        lastPublicMessageAt: threads.lastPublicMessageAt,
        createdAt: threads.createdAt,
        closedAt: threads.closedAt,
        closedBy: threads.closedBy,
      },
      cursorCreatedAt: keysetTimestamp(messages.createdAt),
      // Postgres evaluates this costly expression only for the rows that survive the LIMIT.
      headline:
        textMatch && tsquery
        ? sql<string | null>`CASE WHEN ${textMatch} THEN ${headlineOf(sql`${messages.content}`, tsquery)} END`
        : sql<null>`NULL::text`,
    })
    .from(messages)
    .innerJoin(threads, eq(threads.id, messages.threadId))
    .innerJoin(orders, and(eq(orders.id, threads.orderId), eq(orders.storeId, threads.storeId)))
    .where(and(...where))
    // NULLS LAST exactly as messages_created_idx is built (drizzle's .desc()): a plain DESC means
    // NULLS FIRST, which that index can't serve even on NOT NULL columns, and every search
    // without a rare word then sorted the whole table (1.1 s at 300k rows) instead of reading
    // the index from the newest row and stopping at the limit (0.4 ms).
    .orderBy(sql`${messages.createdAt} DESC NULLS LAST`, sql`${messages.id} DESC NULLS LAST`)
    .limit(limit + 1)
    .offset(cursor ? 0 : (page - 1) * limit);
  return { query, page, limit };
}

/** Admin search over every message, internal notes included, newest first. */
export async function searchMessages(db: DbOrTx, actor: Actor, input: SearchMessagesInput): Promise<SearchMessagesResult> {
  if (!canSearchAllMessages(actor)) throw forbidden("Only admins can search all messages");
  const { query, page, limit } = await buildSearchQuery(db, actor, input);
  const rows = await query;
  const { page: pageRows, nextCursor } = takePage(rows, limit, (row) => ({ at: row.cursorCreatedAt, id: row.message.id, page: page + 1 }));
  const views = await loadMessageViews(db, actor, pageRows.map((r) => r.message));
  return {
    results: pageRows.map((row, i) => ({
      message: views[i]!,
      thread: toThreadView(actor, row.thread, row.thread.orderNumber),
      snippet: row.headline ?? plainSnippet(row.message.content),
    })),
    nextCursor,
    page,
    limit,
  };
}
