import { and, asc, desc, eq, sql } from "drizzle-orm";
import { visibleMessagesWhere, visibleOrdersWhere, visibleThreadsWhere, type Actor } from "../access";
import type { DbOrTx } from "../db/client";
import { messages, orders, threads } from "../db/schema";
import { notFound } from "../errors";
import { decodeCursor, keysetTimestamp, pageSize, takePage } from "../paging/keyset-cursor";
import { messageDetailsColumns, messageViewColumns, toMessageViewWithDetails, type MessageView } from "./message-view";
import { toThreadView, type ThreadView } from "./thread-view";

export const MESSAGE_PAGE_DEFAULT = 50;
export const MESSAGE_PAGE_MAX = 100;

/**
 * oldest (the default, the REST contract): the first page holds the oldest messages and
 * `nextCursor` leads to newer ones. newest: the first page holds the newest messages and
 * `nextCursor` leads to older ones (the thread view opens there and loads older pages as the
 * reader scrolls up). Either way a page lists its messages oldest first. (Not called `direction`:
 * tRPC's infinite queries put their own `direction` into the input and would overwrite it.)
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
 * One page of an order's conversation in two statements, sent together: the order and its thread
 * (404 when the order is not visible; thread null when there is nothing the actor may read), and
 * the page of messages with their attachments and receipts. Both carry the access predicates in
 * their own WHERE, so neither depends on the other's answer. Keyset paging on (created_at, id)
 * walks messages_thread_created_idx in either direction, so page 1000 costs what page 1 does.
 */
export async function listThreadMessages(
  db: DbOrTx,
  actor: Actor,
  input: ListThreadMessagesInput,
): Promise<ThreadMessagesPage> {
  const limit = pageSize(input.limit, { default: MESSAGE_PAGE_DEFAULT, max: MESSAGE_PAGE_MAX });
  const position = input.cursor ? decodeCursor(input.cursor) : null;
  const backward = input.start === "newest";

  const orderAndThread = db
    .select({ orderNumber: orders.orderNumber, thread: threads })
    .from(orders)
    .leftJoin(threads, and(eq(threads.orderId, orders.id), visibleThreadsWhere(db, actor)))
    .where(and(eq(orders.orderNumber, input.orderNumber), visibleOrdersWhere(db, actor)))
    .limit(1);

  const keyset = sql`(${messages.createdAt}, ${messages.id})`;
  const pageRows = db
    .select({ ...messageViewColumns, ...messageDetailsColumns, position: keysetTimestamp(messages.createdAt) })
    .from(messages)
    .innerJoin(threads, eq(threads.id, messages.threadId))
    .innerJoin(orders, eq(orders.id, threads.orderId))
    .where(
      and(
        eq(orders.orderNumber, input.orderNumber),
        visibleThreadsWhere(db, actor),
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
  if (!found.thread) return { thread: null, messages: [], nextCursor: null };

  const { page, nextCursor } = takePage(rows, limit, (row) => ({ at: row.position, id: row.id }));
  const oldestFirst = backward ? page.reverse() : page;
  return {
    thread: toThreadView(actor, found.thread, found.orderNumber),
    messages: oldestFirst.map((row) => toMessageViewWithDetails(actor, found.orderNumber, row)),
    nextCursor,
  };
}
