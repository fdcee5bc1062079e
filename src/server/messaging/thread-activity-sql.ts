import { sql, type SQL } from "drizzle-orm";
import { canSeeInternalNotes, visibleMessagesWhere, type Actor } from "../access";
import { keysetTimestamp } from "../paging/keyset-cursor";

/** Characters of a thread's last message shown in lists. */
export const PREVIEW_LENGTH = 140;

/**
 * The thread column that dates a thread for this actor: non-admins never see an internal note, so
 * their lists are ordered and dated by the last public message (null: nothing they can see yet).
 */
export function threadActivityColumn(actor: Actor, table = "threads"): SQL {
  return sql.raw(`${table}.${canSeeInternalNotes(actor) ? "last_message_at" : "last_public_message_at"}`);
}

/** Messages of `thread` that the actor may read and has not: not their own, no receipt. */
export function unreadMessagesOf(actor: Actor, thread: SQL): SQL {
  return sql`
    messages.thread_id = ${thread} AND ${visibleMessagesWhere(actor)}
    AND messages.sender_id IS DISTINCT FROM ${actor.id}::uuid
    AND NOT EXISTS (
      SELECT 1 FROM message_reads
      WHERE message_reads.message_id = messages.id AND message_reads.user_id = ${actor.id}::uuid
    )`;
}

/**
 * LATERAL joins that add `last_message` (the newest message the actor may read) and `unread`
 * (their unread count) to each row of a page whose thread id is `thread`. Meant for a page that
 * is already chosen: they run once per row, on messages(thread_id, created_at, id) and the
 * message_reads primary key.
 */
export function threadActivityJoins(actor: Actor, thread: SQL): SQL {
  return sql`
    LEFT JOIN LATERAL (
      SELECT left(messages.content, ${PREVIEW_LENGTH}) AS preview, messages.channel, messages.sender_role,
             messages.sender_name, messages.is_internal, messages.created_at
      FROM messages
      WHERE messages.thread_id = ${thread} AND ${visibleMessagesWhere(actor)}
      ORDER BY messages.created_at DESC, messages.id DESC
      LIMIT 1
    ) last_message ON true
    LEFT JOIN LATERAL (
      SELECT count(*)::int AS unread_count FROM messages WHERE ${unreadMessagesOf(actor, thread)}
    ) unread ON true`;
}

/** The columns `threadActivityJoins` adds, as `LastMessageColumns` names them. */
export const lastMessageSelect = sql.raw(`last_message.preview, last_message.channel, last_message.sender_role,
  last_message.sender_name, last_message.is_internal, unread.unread_count`);
export const lastMessageCreatedAtSelect = sql`${keysetTimestamp(sql.raw("last_message.created_at"))} AS last_created_at`;

export interface LastMessageColumns {
  preview: string | null;
  channel: "in_app" | "email" | "whatsapp" | "sms" | null;
  sender_role: "customer" | "admin" | "supplier" | "reseller" | "system" | null;
  sender_name: string | null;
  is_internal: boolean | null;
  last_created_at: string | null;
  unread_count: number | null;
}

export interface LastMessageSummary {
  preview: string;
  channel: NonNullable<LastMessageColumns["channel"]>;
  senderRole: NonNullable<LastMessageColumns["sender_role"]>;
  senderName: string;
  isInternal: boolean;
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
        createdAt: new Date(row.last_created_at).toISOString(),
      }
    : null;
}
