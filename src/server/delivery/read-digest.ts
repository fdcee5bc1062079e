import { and, asc, eq, isNull, sql } from "drizzle-orm";
import { visibleMessagesWhere, visibleThreadsWhere, type Actor } from "../access";
import { actorFromUser } from "../access/actor-from-user";
import type { DbOrTx } from "../db/client";
import { messages, notifications, orders, threads, users } from "../db/schema";

/** Lines in one digest; the mail says how many more there are. */
export const DIGEST_ITEMS_MAX = 50;
const PREVIEW_CHARS = 140;

export interface DigestItem {
  orderNumber: string;
  threadId: string;
  senderName: string;
  /** The message's first PREVIEW_CHARS characters on one line. */
  preview: string;
  isInternal: boolean;
}

export type DigestContent =
  | { kind: "gone"; reason: string }
  | { kind: "ready"; actor: Actor; items: DigestItem[]; total: number };

/**
 * What a digest lists, read when it is sent: its notifications still unread, about messages the
 * user may read now — the policy's predicates in the WHERE, so a reseller moved to another store
 * or a note (admins only) never shows up for the wrong person, whatever the notification says.
 */
export async function readDigest(db: DbOrTx, digest: { id: string; userId: string }): Promise<DigestContent> {
  const [user] = await db.select().from(users).where(eq(users.id, digest.userId));
  if (!user) return { kind: "gone", reason: "The user no longer exists" };
  if (user.disabledAt) return { kind: "gone", reason: "The user was disabled before the digest went out" };
  const actor = actorFromUser(user);
  const rows = await db
    .select({
      orderNumber: orders.orderNumber,
      threadId: threads.id,
      senderName: messages.senderName,
      preview: sql<string>`left(regexp_replace(${messages.content}, '\\s+', ' ', 'g'), ${PREVIEW_CHARS})`,
      isInternal: messages.isInternal,
      total: sql<number>`count(*) OVER ()`.mapWith(Number),
    })
    .from(notifications)
    .innerJoin(messages, eq(messages.id, notifications.messageId))
    .innerJoin(threads, eq(threads.id, messages.threadId))
    .innerJoin(orders, eq(orders.id, threads.orderId))
    .where(
      and(
        eq(notifications.digestDeliveryId, digest.id),
        eq(notifications.userId, user.id),
        isNull(notifications.readAt),
        visibleThreadsWhere(db, actor),
        visibleMessagesWhere(actor),
      ),
    )
    .orderBy(asc(notifications.createdAt), asc(notifications.id))
    .limit(DIGEST_ITEMS_MAX);
  if (rows.length === 0) return { kind: "gone", reason: "Nothing left to tell: every notification in it was read before it went out" };
  return {
    kind: "ready",
    actor,
    items: rows.map(({ total: _total, ...item }) => item),
    total: rows[0]?.total ?? rows.length,
  };
}
