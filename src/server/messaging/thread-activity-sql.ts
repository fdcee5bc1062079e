import { sql, type SQL } from "drizzle-orm";
import { canSeeCustomerWaiting, visibleMessagesWhere, type Actor } from "../access";
import { keysetTimestamp } from "../paging/keyset-cursor";
import { unreadMessagesByTheSet } from "../search/refresh-unread-threads";

// The rule parts (which column dates a thread, which messages are unread) live in access/;
// re-exported for the callers that read them from here.
export { threadActivityColumn, unreadMessagesOf } from "../access";

/** Characters of a thread's last message shown in lists. */
export const PREVIEW_LENGTH = 140;

/**
 * Unread counts stop here: lists show "99+" beyond. Counting stops at the cap (a LIMIT inside the
 * count), so a thread of 100,000 unread messages costs what one of 100 does; and it reads only
 * where the actor's unread set leaves messages that may be unread (unreadMessagesByTheSet), so a
 * thread of 100,000 read ones costs what an empty one does.
 */
export const UNREAD_COUNT_CAP = 100;

/**
 * LATERAL joins that add `last_message` (the newest message the actor may read, with `from_me`
 * saying whether the actor wrote it, so lists say "You" without handing out sender ids) and `unread`
 * (their unread count, at most UNREAD_COUNT_CAP) to each row of a page whose thread id is `thread`. Meant for a page that
 * is already chosen: they run once per row, on messages(thread_id, created_at, id), the unread set
 * and the message_reads primary key.
 */
export function threadActivityJoins(actor: Actor, thread: SQL): SQL {
  return sql`
    LEFT JOIN LATERAL (
      SELECT left(messages.content, ${PREVIEW_LENGTH}) AS preview, messages.channel, messages.sender_role,
             messages.sender_name, messages.is_internal, messages.created_at, messages.sender_id = ${actor.id} AS from_me
      FROM messages
      WHERE messages.thread_id = ${thread} AND ${visibleMessagesWhere(actor)}
      ORDER BY messages.created_at DESC, messages.id DESC
      LIMIT 1
    ) last_message ON true
    LEFT JOIN LATERAL (
      SELECT count(*)::int AS unread_count
      FROM (${unreadMessagesByTheSet(actor, thread)} LIMIT ${UNREAD_COUNT_CAP}) capped
    ) unread ON true`;
}

/**
 * The conversation proper, as messages_thread_conversation_idx is built (same text, so the
 * planner can prove the index applies): customer messages and public replies. Internal notes and
 * system events neither answer a customer nor make one wait.
 */
const conversationMessage = (alias: string) => sql.raw(`${alias}.sender_role <> 'system' AND NOT ${alias}.is_internal`);

/**
 * LATERAL join adding `customer_waiting_since` to each row of a chosen page whose thread id is
 * `thread`: the first customer message after the last public reply by staff or a partner, null
 * when the last word in the conversation is a reply (or there is none). Staff and partners only
 * (canSeeCustomerWaiting); for anyone else the column is null and nothing is read. Two probes of
 * messages_thread_conversation_idx per row: the newest reply, then the oldest customer message
 * after it.
 */
export function customerWaitingJoin(actor: Actor, thread: SQL): SQL {
  if (!canSeeCustomerWaiting(actor)) return sql`CROSS JOIN LATERAL (SELECT NULL::timestamptz AS since) customer_waiting`;
  return sql`
    LEFT JOIN LATERAL (
      SELECT waiting.created_at AS since
      FROM messages waiting
      WHERE waiting.thread_id = ${thread} AND ${conversationMessage("waiting")} AND waiting.sender_role = 'customer'
        AND waiting.created_at > coalesce((
          SELECT reply.created_at FROM messages reply
          WHERE reply.thread_id = ${thread} AND ${conversationMessage("reply")} AND reply.sender_role <> 'customer'
          ORDER BY reply.created_at DESC, reply.id DESC
          LIMIT 1
        ), '-infinity')
      ORDER BY waiting.created_at, waiting.id
      LIMIT 1
    ) customer_waiting ON true`;
}

export const customerWaitingSelect = sql`${keysetTimestamp(sql.raw("customer_waiting.since"))} AS customer_waiting_since`;

/** The columns `threadActivityJoins` adds, as `LastMessageColumns` names them. */
export const lastMessageSelect = sql.raw(`last_message.preview, last_message.channel, last_message.sender_role,
  last_message.sender_name, last_message.is_internal, last_message.from_me, unread.unread_count`);
export const lastMessageCreatedAtSelect = sql`${keysetTimestamp(sql.raw("last_message.created_at"))} AS last_created_at`;

export interface LastMessageColumns {
  preview: string | null;
  channel: "in_app" | "email" | "whatsapp" | "sms" | null;
  sender_role: "customer" | "admin" | "supplier" | "reseller" | "system" | null;
  sender_name: string | null;
  is_internal: boolean | null;
  from_me: boolean | null;
  last_created_at: string | null;
  unread_count: number | null;
}

export interface LastMessageSummary {
  preview: string;
  channel: NonNullable<LastMessageColumns["channel"]>;
  senderRole: NonNullable<LastMessageColumns["sender_role"]>;
  senderName: string;
  isInternal: boolean;
  /** Written by the actor the list was read for. */
  fromMe: boolean;
  createdAt: string;
}

/** The last message of a row read with `threadActivityJoins`, or null when it has none. */
export function toLastMessage(row: LastMessageColumns): LastMessageSummary | null {
  return row.preview !== null && row.channel && row.sender_role && row.sender_name !== null && row.last_created_at
    ? {
        preview: row.preview,
        channel: row.channel,
        senderRole: row.sender_role,
        senderName: row.sender_name,
        isInternal: row.is_internal === true,
        fromMe: row.from_me === true,
        createdAt: new Date(row.last_created_at).toISOString(),
      }
    : null;
}
