import { and, asc, desc, eq, sql } from "drizzle-orm";
import { visibleMessagesWhere, visibleOrdersWhere, visibleThreadsWhere, type Actor } from "../access";
import type { DbOrTx } from "../db/client";
import { messages, orders, threads } from "../db/schema";
import { notFound } from "../errors";
import { decodeCursor, encodeCursor, keysetTimestamp, type KeysetPosition, pageSize } from "../paging/keyset-cursor";
import {
  messageDetailsColumns,
  messageDetailsWithReaderNames,
  messageViewColumns,
  toMessageViewWithDetails,
  type MessageView,
} from "./message-view";
import { toThreadView, type ThreadView } from "./thread-view";

export const MESSAGE_PAGE_DEFAULT = 50;
export const MESSAGE_PAGE_MAX = 100;

/**
 * oldest (the default, the REST contract): the first page holds the oldest messages and
 * `nextCursor` leads to newer ones. newest: the first page holds the newest messages and
 * `nextCursor` leads to older ones. Either way a page lists its messages oldest first. (Not called
 * `direction`: tRPC's infinite queries put their own `direction` into the input and would
 * overwrite it.)
 */
export const messagePageStarts = ["oldest", "newest"] as const;

export interface ListThreadMessagesInput {
  orderNumber: string;
  cursor?: string | null;
  limit?: number;
  start?: (typeof messagePageStarts)[number];
}

export interface ThreadMessagesPage {
  thread: ThreadView | null;
  messages: MessageView[];
  nextCursor: string | null;
}

/**
 * Where a page is read from: toward newer messages after a position (null: from the thread's
 * first message), or toward older ones before a position (null: from its newest message).
 */
export type MessageWalk = { toward: "newer"; after: KeysetPosition | null } | { toward: "older"; before: KeysetPosition | null };

export interface MessagePageRead {
  thread: ThreadView | null;
  /** Oldest first, whichever way the page was walked. */
  messages: MessageView[];
  /** Keyset positions of the page's oldest and newest message (null for an empty page). */
  oldest: KeysetPosition | null;
  newest: KeysetPosition | null;
  /** Whether messages lie beyond the page in the walk's direction. */
  more: boolean;
}

/**
 * One page of an order's conversation in two statements, sent together: the order and its thread
 * (404 when the order is not visible; thread null when there is nothing the actor may read), and
 * the page of messages with their attachments and receipts. Both carry the access predicates in
 * their own WHERE, so neither depends on the other's answer. Keyset paging on (created_at, id)
 * walks messages_thread_created_idx in either direction, so page 1000 costs what page 1 does.
 * `readerNames` adds each reader's name to the receipts (for those allowed to know who read).
 */
export async function readMessagePage(
  db: DbOrTx,
  actor: Actor,
  orderNumber: string,
  walk: MessageWalk,
  options: { limit?: number; readerNames?: boolean } = {},
): Promise<MessagePageRead> {
  const limit = pageSize(options.limit, { default: MESSAGE_PAGE_DEFAULT, max: MESSAGE_PAGE_MAX });
  const backward = walk.toward === "older";
  const position = walk.toward === "older" ? walk.before : walk.after;

  const orderAndThread = db
    .select({ orderNumber: orders.orderNumber, thread: threads })
    .from(orders)
    .leftJoin(threads, and(eq(threads.orderId, orders.id), visibleThreadsWhere(db, actor)))
    .where(and(eq(orders.orderNumber, orderNumber), visibleOrdersWhere(db, actor)))
    .limit(1);

  // The thread as one value (an InitPlan), not a join: Postgres then walks the thread's index in
  // order and stops at the page. Joined, it guessed an average thread (55 rows), read all 20,000
  // messages of a long one with their receipts and attachments, and sorted: 80 ms instead of 1 ms
  // (bench-thread-opening.ts).
  const visibleThread = db
    .select({ id: threads.id })
    .from(threads)
    .innerJoin(orders, eq(orders.id, threads.orderId))
    .where(and(eq(orders.orderNumber, orderNumber), visibleThreadsWhere(db, actor)));
  const keyset = sql`(${messages.createdAt}, ${messages.id})`;
  const pageRows = db
    .select({
      ...messageViewColumns,
      ...(options.readerNames ? messageDetailsWithReaderNames : messageDetailsColumns),
      position: keysetTimestamp(messages.createdAt),
    })
    .from(messages)
    .where(
      and(
        sql`${messages.threadId} = (${visibleThread})`,
        visibleMessagesWhere(actor),
        position
          ? backward
            ? sql`${keyset} < (${position.at}::timestamptz, ${position.id}::uuid)`
            : sql`${keyset} > (${position.at}::timestamptz, ${position.id}::uuid)`
          : undefined,
      ),
    )
    .orderBy(...(backward ? [desc(messages.createdAt), desc(messages.id)] : [asc(messages.createdAt), asc(messages.id)]))
    .limit(limit + 1);

  const [[found], rows] = await Promise.all([orderAndThread, pageRows]);
  if (!found) throw notFound();
  if (!found.thread) return { thread: null, messages: [], oldest: null, newest: null, more: false };

  const page = rows.slice(0, limit);
  const oldestFirst = backward ? page.reverse() : page;
  const positionOf = (row: (typeof rows)[number] | undefined) => (row ? { at: row.position, id: row.id } : null);
  return {
    thread: toThreadView(actor, found.thread, found.orderNumber),
    messages: oldestFirst.map((row) => toMessageViewWithDetails(actor, found.orderNumber, row)),
    oldest: positionOf(oldestFirst[0]),
    newest: positionOf(oldestFirst.at(-1)),
    more: rows.length > limit,
  };
}

/** The REST contract's page: `nextCursor` continues the walk `start` chose. */
export async function listThreadMessages(
  db: DbOrTx,
  actor: Actor,
  input: ListThreadMessagesInput,
): Promise<ThreadMessagesPage> {
  const position = input.cursor ? decodeCursor(input.cursor) : null;
  const backward = input.start === "newest";
  const walk: MessageWalk = backward ? { toward: "older", before: position } : { toward: "newer", after: position };
  const page = await readMessagePage(db, actor, input.orderNumber, walk, { limit: input.limit });
  const last = backward ? page.oldest : page.newest;
  return { thread: page.thread, messages: page.messages, nextCursor: page.more && last ? encodeCursor(last) : null };
}
