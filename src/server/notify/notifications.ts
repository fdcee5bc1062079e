import { and, count, desc, eq, isNull, lt, or, sql } from "drizzle-orm";
import { visibleOrdersWhere, type Actor } from "../access";
import type { DbOrTx } from "../db/client";
import { notifications, orders, threads } from "../db/schema";
import { notFound } from "../errors";
import { decodeCursor, encodeCursor, keysetTimestamp, pageSize } from "../paging/keyset-cursor";

export const NOTIFICATION_PAGE = { default: 20, max: 50 };

/**
 * A person's own notifications, and only those about orders they may still see: the policy's
 * predicate is in the WHERE, so a reseller moved to another store stops seeing the old store's.
 */
function ownVisible(db: DbOrTx, actor: Actor) {
  return and(eq(notifications.userId, actor.id), visibleOrdersWhere(db, actor));
}

export interface NotificationView {
  id: string;
  kind: string;
  title: string;
  threadId: string | null;
  orderNumber: string;
  createdAt: string;
  read: boolean;
}

export async function listNotifications(
  db: DbOrTx,
  actor: Actor,
  input: { cursor?: string | null; limit?: number },
): Promise<{ notifications: NotificationView[]; nextCursor: string | null }> {
  const limit = pageSize(input.limit, NOTIFICATION_PAGE);
  const after = input.cursor ? decodeCursor(input.cursor) : null;
  const rows = await db
    .select({
      id: notifications.id,
      kind: notifications.kind,
      title: notifications.title,
      threadId: notifications.threadId,
      orderNumber: orders.orderNumber,
      readAt: notifications.readAt,
      at: keysetTimestamp(notifications.createdAt),
      createdAt: notifications.createdAt,
    })
    .from(notifications)
    .innerJoin(threads, eq(threads.id, notifications.threadId))
    .innerJoin(orders, eq(orders.id, threads.orderId))
    .where(
      and(
        ownVisible(db, actor),
        after
          ? or(
              lt(notifications.createdAt, sql`${after.at}::timestamptz`),
              and(eq(notifications.createdAt, sql`${after.at}::timestamptz`), lt(notifications.id, after.id)),
            )
          : undefined,
      ),
    )
    .orderBy(desc(notifications.createdAt), desc(notifications.id))
    .limit(limit + 1);
  const page = rows.slice(0, limit);
  const last = page.at(-1);
  return {
    notifications: page.map((row) => ({
      id: row.id,
      kind: row.kind,
      title: row.title,
      threadId: row.threadId,
      orderNumber: row.orderNumber,
      createdAt: row.createdAt.toISOString(),
      read: row.readAt !== null,
    })),
    nextCursor: rows.length > limit && last ? encodeCursor({ at: last.at, id: last.id }) : null,
  };
}

export async function countUnreadNotifications(db: DbOrTx, actor: Actor): Promise<number> {
  const [row] = await db
    .select({ unread: count() })
    .from(notifications)
    .innerJoin(threads, eq(threads.id, notifications.threadId))
    .innerJoin(orders, eq(orders.id, threads.orderId))
    .where(and(ownVisible(db, actor), isNull(notifications.readAt)));
  return row?.unread ?? 0;
}

/** One notification (`id`) or all of them: the same update with the difference as data. */
export async function markNotificationsRead(db: DbOrTx, actor: Actor, input: { id: string } | { all: true }): Promise<{ marked: number }> {
  const marked = await db
    .update(notifications)
    .set({ readAt: sql`now()` })
    .where(
      and(
        eq(notifications.userId, actor.id),
        isNull(notifications.readAt),
        "id" in input ? eq(notifications.id, input.id) : undefined,
      ),
    )
    .returning({ id: notifications.id });
  if ("id" in input && marked.length === 0) {
    // Already read is fine (idempotent); someone else's or unknown is not found.
    const [own] = await db
      .select({ id: notifications.id })
      .from(notifications)
      .where(and(eq(notifications.id, input.id), eq(notifications.userId, actor.id)));
    if (!own) throw notFound("Notification");
  }
  return { marked: marked.length };
}
