import { sql } from "drizzle-orm";
import { queryRows, type DbOrTx } from "../db/client";

/** A message delivery the worker took, with everything needed to send it (read in the same statement). */
export interface ClaimedDelivery {
  kind: "message";
  id: string;
  channel: "in_app" | "email" | "whatsapp" | "sms";
  recipient: string;
  /** After this claim: the fencing token every later write of this attempt checks. */
  attempts: number;
  providerMessageId: string | null;
  messageId: string;
  content: string;
  messageChannel: "in_app" | "email" | "whatsapp" | "sms";
  senderRole: "customer" | "admin" | "supplier" | "reseller" | "system";
  senderName: string;
  isInternal: boolean;
  threadId: string;
  replyToken: string;
  orderNumber: string;
  customerName: string;
  customerEmail: string;
  /** The customer's latest WhatsApp message in the thread: WhatsApp's 24-hour window runs from it. */
  lastWhatsAppInboundAt: Date | null;
}

/** A digest the worker took: what it lists is read when it is sent (read-digest.ts), not when queued. */
export interface ClaimedDigest {
  kind: "digest";
  id: string;
  recipient: string;
  attempts: number;
  /** Our Message-ID, set by the claim like every email's. */
  providerMessageId: string;
  userId: string;
}

export type ClaimedRow = ClaimedDelivery | ClaimedDigest;

/**
 * Our Message-ID for an email delivery, in SQL so the claim and the WhatsApp→email fallback write
 * the same one. Fixed before the first attempt: every resend of the row carries it.
 */
export const emailMessageIdSql = (id: ReturnType<typeof sql>, replyDomain: string) =>
  sql`'<delivery.' || ${id} || '@' || ${replyDomain} || '>'`;

/**
 * Takes up to `batchSize` due rows in ONE statement: `FOR UPDATE SKIP LOCKED` so concurrent
 * workers never take the same row, then marks them 'sending' with a lease (next_attempt_at =
 * now + lease) and counts the attempt. A row whose worker died stays 'sending' and is due again
 * when its lease runs out — that is how nothing is lost. Message rows come with their message,
 * thread and order (digests have none: outer joins).
 */
export async function claimDueDeliveries(
  db: DbOrTx,
  options: { batchSize: number; leaseMs: number; replyDomain: string },
): Promise<ClaimedRow[]> {
  const rows = await queryRows<Record<string, unknown>>(
    db,
    sql`
      WITH due AS (
        SELECT id FROM deliveries
        WHERE status IN ('pending', 'sending') AND next_attempt_at <= now()
        ORDER BY next_attempt_at
        LIMIT ${options.batchSize}
        FOR UPDATE SKIP LOCKED
      ), claimed AS (
        UPDATE deliveries d
        SET status = 'sending',
            attempts = d.attempts + 1,
            next_attempt_at = now() + ${options.leaseMs} * interval '1 millisecond',
            provider_message_id = CASE
              WHEN d.channel = 'email' AND d.provider_message_id IS NULL
              THEN ${emailMessageIdSql(sql`d.id`, options.replyDomain)}
              ELSE d.provider_message_id END,
            updated_at = now()
        FROM due WHERE d.id = due.id
        RETURNING d.id, d.kind, d.user_id, d.channel, d.recipient, d.attempts, d.provider_message_id, d.message_id
      )
      SELECT c.id, c.kind, c.user_id, c.channel, c.recipient, c.attempts, c.provider_message_id, c.message_id,
             m.content, m.channel AS message_channel, m.sender_role, m.sender_name, m.is_internal,
             m.thread_id, t.reply_token, o.order_number, o.customer_name, o.customer_email,
             -- Only for WhatsApp rows (a CASE runs its subquery only when reached), newest first
             -- on messages(thread_id, created_at): the customer's latest message is near the end.
             CASE WHEN c.channel = 'whatsapp' THEN (
               SELECT w.created_at FROM messages w
               WHERE w.thread_id = m.thread_id AND w.channel = 'whatsapp' AND w.sender_role = 'customer'
               ORDER BY w.created_at DESC LIMIT 1
             ) END AS last_whatsapp_inbound_at
      FROM claimed c
      LEFT JOIN messages m ON m.id = c.message_id
      LEFT JOIN threads t ON t.id = m.thread_id
      LEFT JOIN orders o ON o.id = t.order_id`,
  );
  return rows.map((row): ClaimedRow => {
    if (row.kind === "digest") {
      return {
        kind: "digest",
        id: row.id as string,
        recipient: row.recipient as string,
        attempts: Number(row.attempts),
        providerMessageId: row.provider_message_id as string,
        userId: row.user_id as string,
      };
    }
    return {
      kind: "message",
      id: row.id as string,
      channel: row.channel as ClaimedDelivery["channel"],
      recipient: row.recipient as string,
      attempts: Number(row.attempts),
      providerMessageId: (row.provider_message_id as string | null) ?? null,
      messageId: row.message_id as string,
      content: row.content as string,
      messageChannel: row.message_channel as ClaimedDelivery["messageChannel"],
      senderRole: row.sender_role as ClaimedDelivery["senderRole"],
      senderName: row.sender_name as string,
      isInternal: row.is_internal as boolean,
      threadId: row.thread_id as string,
      replyToken: row.reply_token as string,
      orderNumber: row.order_number as string,
      customerName: row.customer_name as string,
      customerEmail: row.customer_email as string,
      lastWhatsAppInboundAt: row.last_whatsapp_inbound_at ? new Date(row.last_whatsapp_inbound_at as string) : null,
    };
  });
}

/** References per email delivery, at most this many (the latest): clients need only the recent ones. */
const REFERENCES_MAX = 20;
/**
 * How far back in the thread to look for them. Bounded so the cost per mail is too: scanning a
 * whole 2,000-message thread for earlier mails cost 26 ms per delivery (bench-deliveries.ts).
 */
const REFERENCES_WINDOW = 100;

/**
 * For each of the given deliveries, the Message-IDs of the thread's earlier mails among its last
 * REFERENCES_WINDOW messages, oldest first: the customer's inbound mails (messages.provider_message_id
 * on channel email) and ours (email deliveries that went out). One statement for the whole batch;
 * each delivery reads its thread backwards on messages(thread_id, created_at).
 */
export async function threadReferences(db: DbOrTx, deliveryIds: readonly string[]): Promise<Map<string, string[]>> {
  const result = new Map<string, string[]>();
  if (deliveryIds.length === 0) return result;
  const rows = await queryRows<{ delivery_id: string; ref: string }>(
    db,
    sql`
      SELECT d.id AS delivery_id, refs.ref
      FROM deliveries d
      JOIN messages m ON m.id = d.message_id
      CROSS JOIN LATERAL (
        SELECT COALESCE(od.provider_message_id, recent.provider_message_id) AS ref, recent.created_at AS at
        FROM (
          SELECT id, created_at, channel, sender_role, provider_message_id FROM messages
          WHERE thread_id = m.thread_id AND created_at < m.created_at
          ORDER BY created_at DESC
          LIMIT ${REFERENCES_WINDOW}
        ) recent
        LEFT JOIN deliveries od ON od.message_id = recent.id AND od.channel = 'email'
          AND od.status IN ('sent', 'delivered') AND od.provider_message_id IS NOT NULL
        WHERE od.id IS NOT NULL
           OR (recent.channel = 'email' AND recent.sender_role = 'customer' AND recent.provider_message_id IS NOT NULL)
        ORDER BY recent.created_at DESC
        LIMIT ${REFERENCES_MAX}
      ) refs
      WHERE d.id IN (${sql.join(
        deliveryIds.map((id) => sql`${id}::uuid`),
        sql`, `,
      )})
      ORDER BY d.id, refs.at`,
  );
  for (const row of rows) {
    const list = result.get(row.delivery_id) ?? [];
    list.push(row.ref);
    result.set(row.delivery_id, list);
  }
  return result;
}
