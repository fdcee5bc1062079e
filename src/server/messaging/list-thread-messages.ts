import { and, asc, eq, sql } from "drizzle-orm";
import { visibleMessagesWhere, type Actor } from "../access";
import type { DbOrTx } from "../db/client";
import { messages } from "../db/schema";
import { findAccessibleOrder } from "./find-accessible-order";
import { decodeCursor, keysetTimestamp, pageSize, takePage } from "../paging/keyset-cursor";
import { loadMessageViews, messageViewColumns, type MessageView } from "./message-view";
import { isThreadVisibleTo, toThreadView, type ThreadView } from "./thread-view";

export const MESSAGE_PAGE_DEFAULT = 50;
export const MESSAGE_PAGE_MAX = 100;

export interface ListThreadMessagesInput {
  orderNumber: string;
  cursor?: string | null;
  limit?: number;
}

export interface ThreadMessagesPage {
  thread: ThreadView | null;
  messages: MessageView[];
  nextCursor: string | null;
}

/**
 * One page of an order's conversation, oldest first. Keyset paging on (created_at, id) walks the
 * messages_thread_created_idx index, so page 1000 costs what page 1 does. Internal notes are
 * filtered in the query for everyone but staff, and so is a thread that holds nothing else.
 */
export async function listThreadMessages(
  db: DbOrTx,
  actor: Actor,
  input: ListThreadMessagesInput,
): Promise<ThreadMessagesPage> {
  const limit = pageSize(input.limit, { default: MESSAGE_PAGE_DEFAULT, max: MESSAGE_PAGE_MAX });
  const after = input.cursor ? decodeCursor(input.cursor) : null;

  const { order, thread } = await findAccessibleOrder(db, actor, input.orderNumber);
  // A thread with internal notes only is, for those who may not read them, one not started yet.
  if (!thread || !isThreadVisibleTo(actor, thread)) return { thread: null, messages: [], nextCursor: null };

  const rows = await db
    .select({ ...messageViewColumns, position: keysetTimestamp(messages.createdAt) })
    .from(messages)
    .where(
      and(
        eq(messages.threadId, thread.id),
        visibleMessagesWhere(actor),
        after ? sql`(${messages.createdAt}, ${messages.id}) > (${after.at}::timestamptz, ${after.id}::uuid)` : undefined,
      ),
    )
    .orderBy(asc(messages.createdAt), asc(messages.id))
    .limit(limit + 1);

  const { page, nextCursor } = takePage(rows, limit, (row) => ({ at: row.position, id: row.id }));
  return {
    thread: toThreadView(actor, thread, order.orderNumber),
    messages: await loadMessageViews(db, actor, page.map((m) => ({ ...m, orderNumber: order.orderNumber }))),
    nextCursor,
  };
}
