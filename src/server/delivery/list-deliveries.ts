import { sql, type SQL } from "drizzle-orm";
import { queryRows, type DbOrTx } from "../db/client";
import { notFound } from "../errors";
import { decodeCursor, keysetTimestamp, pageSize, takePage } from "../paging/keyset-cursor";

export const DELIVERY_PAGE_DEFAULT = 50;
export const DELIVERY_PAGE_MAX = 100;

type DeliveryStatus = "pending" | "sending" | "sent" | "delivered" | "failed" | "cancelled";
type Channel = "in_app" | "email" | "whatsapp" | "sms";

export interface ListDeliveriesInput {
  status?: DeliveryStatus;
  channel?: Channel;
  cursor?: string | null;
  limit?: number;
}

export interface DeliverySummary {
  id: string;
  /** 'message': a reply to its customer; 'digest': a user's notification digest (no single message or order). */
  kind: "message" | "digest";
  status: DeliveryStatus;
  channel: Channel;
  recipient: string;
  attempts: number;
  /** The reason of the last failure (or of the refusal, for a cancelled row). */
  lastError: string | null;
  fallbackFrom: Channel | null;
  fallbackReason: string | null;
  providerMessageId: string | null;
  hasCapturedMail: boolean;
  nextAttemptAt: string;
  sentAt: string | null;
  createdAt: string;
  updatedAt: string;
  orderNumber: string | null;
  threadId: string | null;
  messageId: string | null;
  senderName: string | null;
  /** The message's start, or for a digest whom it is for and how many notifications it holds. */
  preview: string;
}

interface Row {
  id: string;
  kind: "message" | "digest";
  status: DeliveryStatus;
  channel: Channel;
  recipient: string;
  attempts: number;
  last_error: string | null;
  fallback_from: Channel | null;
  fallback_reason: string | null;
  provider_message_id: string | null;
  has_captured_mail: boolean;
  next_attempt_at: string | Date;
  sent_at: string | Date | null;
  created_at: string | Date;
  updated_at: string | Date;
  position: string;
  order_number: string | null;
  thread_id: string | null;
  message_id: string | null;
  sender_name: string | null;
  preview: string;
}

const iso = (value: string | Date) => new Date(value).toISOString();

/** The deliveries the `page` CTE picked, each with its message, thread and order, in the list's order. */
async function summariesOf(db: DbOrTx, page: SQL): Promise<Row[]> {
  return queryRows<Row>(
    db,
    sql`
      WITH page AS (${page})
      SELECT page.id, page.kind, page.status, page.channel, page.recipient, page.attempts, page.last_error, page.fallback_from,
             page.fallback_reason, page.provider_message_id, page.captured_mail IS NOT NULL AS has_captured_mail,
             page.next_attempt_at, page.sent_at, page.created_at, page.updated_at,
             ${keysetTimestamp(sql.raw("page.created_at"))} AS position,
             o.order_number, m.thread_id, m.id AS message_id, m.sender_name,
             CASE WHEN page.kind = 'digest' THEN
               'Digest for ' || u.name || ': ' || (
                 SELECT count(*) FROM notifications n WHERE n.digest_delivery_id = page.id
               ) || ' notification(s)'
             ELSE left(m.content, 200) END AS preview
      FROM page
      LEFT JOIN messages m ON m.id = page.message_id
      LEFT JOIN threads t ON t.id = m.thread_id
      LEFT JOIN orders o ON o.id = t.order_id
      LEFT JOIN users u ON u.id = page.user_id
      ORDER BY page.created_at DESC NULLS LAST, page.id DESC NULLS LAST`,
  );
}

/**
 * The admins' view of the outbox, newest first, keyset paged on (created_at, id) through
 * deliveries_created_idx (or deliveries_status_created_idx with a status). Admins only: the router's
 * builder says who; there is no per-order scope to apply. The captured mail itself is read one at a time.
 * A channel filter has no index of its own: it filters the same index walk, short while the channel
 * is a fair share of the outbox (7.5 ms at 1M rows) and the whole walk for a channel with no rows
 * (230 ms; bench-deliveries.ts).
 */
export async function listDeliveries(db: DbOrTx, input: ListDeliveriesInput) {
  const limit = pageSize(input.limit, { default: DELIVERY_PAGE_DEFAULT, max: DELIVERY_PAGE_MAX });
  const before = input.cursor ? decodeCursor(input.cursor) : null;
  const rows = await summariesOf(
    db,
    sql`
      SELECT * FROM deliveries d
      WHERE true
        ${input.status ? sql`AND d.status = ${input.status}` : sql``}
        ${input.channel ? sql`AND d.channel = ${input.channel}` : sql``}
        ${before ? sql`AND (d.created_at, d.id) < (${before.at}::timestamptz, ${before.id}::uuid)` : sql``}
      -- DESC NULLS LAST as the indexes are built (drizzle's .desc()); plain DESC means NULLS FIRST
      -- and sorted all 1M rows (1.35 s) instead of reading the index (bench-deliveries.ts).
      ORDER BY d.created_at DESC NULLS LAST, d.id DESC NULLS LAST
      LIMIT ${limit + 1}`,
  );
  const { page, nextCursor } = takePage(rows, limit, (row) => ({ at: row.position, id: row.id }));
  return { deliveries: page.map(toDeliverySummary), nextCursor };
}

/** One delivery, for its detail pane. */
export async function getDelivery(db: DbOrTx, input: { deliveryId: string }): Promise<DeliverySummary> {
  const [row] = await summariesOf(db, sql`SELECT * FROM deliveries d WHERE d.id = ${input.deliveryId}`);
  if (!row) throw notFound("Delivery");
  return toDeliverySummary(row);
}

function toDeliverySummary(row: Row): DeliverySummary {
  return {
    id: row.id,
    kind: row.kind,
    status: row.status,
    channel: row.channel,
    recipient: row.recipient,
    attempts: Number(row.attempts),
    lastError: row.last_error,
    fallbackFrom: row.fallback_from,
    fallbackReason: row.fallback_reason,
    providerMessageId: row.provider_message_id,
    hasCapturedMail: row.has_captured_mail,
    nextAttemptAt: iso(row.next_attempt_at),
    sentAt: row.sent_at ? iso(row.sent_at) : null,
    createdAt: iso(row.created_at),
    updatedAt: iso(row.updated_at),
    orderNumber: row.order_number,
    threadId: row.thread_id,
    messageId: row.message_id,
    senderName: row.sender_name,
    preview: row.preview,
  };
}
