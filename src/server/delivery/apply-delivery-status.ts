import { sql } from "drizzle-orm";
import { queryRows, type DbOrTx } from "../db/client";

export interface DeliveryStatusUpdate {
  /** Who reported it: Twilio status callbacks (SMS) or WhatsApp `statuses`. */
  provider: "twilio" | "whatsapp";
  /** Twilio's `MessageSid` (SM…) or WhatsApp's `wamid.…`: what the worker recorded when it sent. */
  providerMessageId: string;
  /** The provider's own word (`MessageStatus` / `statuses[].status`), passed through as received. */
  status: string;
  /** The provider's error (Twilio ErrorCode/ErrorMessage, WhatsApp `errors[]`), for failures. */
  error?: string;
  at: Date;
}

type Applied = "sent" | "delivered" | "failed" | "cancelled";

/**
 * Provider words → ours. Words for steps before "sent" (queued, accepted, sending, scheduled) change
 * nothing: the worker marks a row 'sent' as soon as the provider accepted it.
 */
const statusWords: Record<DeliveryStatusUpdate["provider"], Record<string, Applied | null>> = {
  twilio: {
    accepted: null,
    scheduled: null,
    queued: null,
    sending: null,
    sent: "sent",
    delivered: "delivered",
    read: "delivered",
    undelivered: "failed",
    failed: "failed",
    canceled: "cancelled",
  },
  whatsapp: { sent: "sent", delivered: "delivered", read: "delivered", failed: "failed" },
};

export interface DeliveryStatusResult {
  /** False when no delivery has this provider id (not ours, or the worker has not recorded it yet). */
  found: boolean;
  /** True when the row's status moved. */
  changed: boolean;
  status: "pending" | "sending" | "sent" | "delivered" | "failed" | "cancelled" | null;
}

/**
 * Applies a provider's delivery status to the delivery it sent. Callbacks arrive late, twice and
 * out of order, so status only moves forward: sent → delivered, sent → failed; a late "sent" never
 * undoes "delivered", and "failed" after "delivered" is ignored. One statement; idempotent.
 */
export async function applyDeliveryStatus(db: DbOrTx, update: DeliveryStatusUpdate): Promise<DeliveryStatusResult> {
  const channel = update.provider === "twilio" ? "sms" : "whatsapp";
  const words = statusWords[update.provider];
  const word = update.status.trim().toLowerCase();
  const next = Object.hasOwn(words, word) ? words[word] : undefined;
  const reason =
    next === "failed" || next === "cancelled"
      ? `${update.provider === "twilio" ? "Twilio" : "WhatsApp"} reported "${word}"${update.error ? `: ${update.error}` : ""}`
      : null;
  const [row] = await queryRows<{ status: DeliveryStatusResult["status"]; changed: boolean }>(
    db,
    sql`
      WITH target AS (
        SELECT id, status FROM deliveries WHERE channel = ${channel} AND provider_message_id = ${update.providerMessageId}
      ), moved AS (
        UPDATE deliveries d
        SET status = ${next ?? null}::delivery_status,
            last_error = COALESCE(${reason}, d.last_error),
            provider_status_at = ${update.at.toISOString()}::timestamptz,
            updated_at = now()
        FROM target
        WHERE d.id = target.id AND ${next ?? null}::text IS NOT NULL
          AND (CASE target.status WHEN 'sent' THEN 1 WHEN 'delivered' THEN 2 WHEN 'failed' THEN 2 WHEN 'cancelled' THEN 2 ELSE 0 END)
            < (CASE ${next ?? null}::text WHEN 'sent' THEN 1 ELSE 2 END)
        RETURNING d.status
      )
      SELECT COALESCE((SELECT status FROM moved), target.status) AS status, EXISTS (SELECT 1 FROM moved) AS changed
      FROM target`,
  );
  return row ? { found: true, changed: row.changed, status: row.status } : { found: false, changed: false, status: null };
}
