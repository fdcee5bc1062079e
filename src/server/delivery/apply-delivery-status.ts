import { sql, type SQL } from "drizzle-orm";
import { queryRows, type DbOrTx } from "../db/client";
import type { StatementClaim } from "../db/statement-claim";

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

/** The inbound event that reported the status; the outcome is whether a delivery has its provider id. */
export type DeliveryStatusClaim = StatementClaim<{ found: SQL }>;

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
 * With a claim (the inbound event that reported it), in the same statement: null when the claim
 * did not hold, and nothing is changed.
 */
export async function applyDeliveryStatus(db: DbOrTx, update: DeliveryStatusUpdate): Promise<DeliveryStatusResult>;
export async function applyDeliveryStatus(
  db: DbOrTx,
  update: DeliveryStatusUpdate,
  claim: DeliveryStatusClaim,
): Promise<DeliveryStatusResult | null>;
export async function applyDeliveryStatus(
  db: DbOrTx,
  update: DeliveryStatusUpdate,
  claim: DeliveryStatusClaim | null = null,
): Promise<DeliveryStatusResult | null> {
  const channel = update.provider === "twilio" ? "sms" : "whatsapp";
  const words = statusWords[update.provider];
  const word = update.status.trim().toLowerCase();
  const next = Object.hasOwn(words, word) ? words[word] : undefined;
  const reason =
    next === "failed" || next === "cancelled"
      ? `${update.provider === "twilio" ? "Twilio" : "WhatsApp"} reported "${word}"${update.error ? `: ${update.error}` : ""}`
      : null;
  const [row] = await queryRows<{ claimed: boolean; found: boolean; status: DeliveryStatusResult["status"]; changed: boolean }>(
    db,
    sql`
      WITH claimed AS (${claim ? claim.claim : sql`SELECT true`}),
      target AS (
        SELECT id, status FROM deliveries
        WHERE channel = ${channel} AND provider_message_id = ${update.providerMessageId} AND EXISTS (SELECT 1 FROM claimed)
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
      )${claim ? sql`, recorded AS (${claim.record({ claimed: sql`EXISTS (SELECT 1 FROM claimed)`, found: sql`EXISTS (SELECT 1 FROM target)` })})` : sql``}
      SELECT EXISTS (SELECT 1 FROM claimed) AS claimed, EXISTS (SELECT 1 FROM target) AS found,
             COALESCE((SELECT status FROM moved), (SELECT status FROM target)) AS status, EXISTS (SELECT 1 FROM moved) AS changed`,
  );
  if (!row?.claimed) return null;
  return row.found ? { found: true, changed: row.changed, status: row.status } : { found: false, changed: false, status: null };
}
