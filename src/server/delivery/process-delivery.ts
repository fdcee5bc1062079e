import type { DbOrTx } from "../db/client";
import type { ClaimedDelivery, ClaimedRow } from "./claim-due-deliveries";
import type { DeliveryConfig, DeliveryWorkerOptions } from "./delivery-config";
import { asDeliveryFailure, type DeliveryFailure } from "./delivery-failure";
import { toE164 } from "./phone-number";
import { recordAttemptFailed, recordCancelled, recordFallbackToEmail, recordSent } from "./record-delivery-outcome";
import { sendEmail } from "./send-email";
import { SMS_BODY_MAX, sendSms } from "./send-sms";
import { sendWhatsApp, WHATSAPP_TEXT_MAX } from "./send-whatsapp";

export type DeliveryOutcome = "sent" | "retry" | "failed" | "cancelled" | "lost-lease";

/** WhatsApp's customer-service window: free-form replies only within 24 h of the customer's last message. */
export const WHATSAPP_WINDOW_MS = 24 * 60 * 60 * 1000;

/** Why this row must not go out at all, or null. The core never queues these; the worker checks anyway. */
export function refusalReason(row: ClaimedDelivery): string | null {
  if (row.isInternal) return "Internal notes are never sent to customers";
  // A message that came in on a channel is never echoed back on it to the person who sent it.
  if (row.senderRole === "customer" && row.messageChannel === row.channel) {
    return `The message came in on ${row.channel} from the customer: it is not echoed back`;
  }
  if (row.channel === "in_app") return "In-app messages have no outbound delivery";
  return null;
}

/** Why this WhatsApp/SMS row should go by email instead, or null to send it on its channel. */
function emailFallbackReason(row: ClaimedDelivery, config: DeliveryConfig, now: Date): string | null {
  if (row.channel === "whatsapp") {
    if (!config.whatsapp) return "WhatsApp is not configured (WHATSAPP_* unset)";
    if (!toE164(row.recipient)) return `"${row.recipient}" is not a valid phone number`;
    const last = row.lastWhatsAppInboundAt;
    if (!last || now.getTime() - last.getTime() > WHATSAPP_WINDOW_MS) {
      return last
        ? `Outside WhatsApp's 24-hour window: the customer last wrote on WhatsApp at ${last.toISOString()}`
        : "Outside WhatsApp's 24-hour window: the customer never wrote on WhatsApp in this thread";
    }
    if (row.content.length > WHATSAPP_TEXT_MAX) return `Longer than WhatsApp's ${WHATSAPP_TEXT_MAX} characters`;
  }
  if (row.channel === "sms") {
    if (!config.sms) return "SMS is not configured (TWILIO_* unset)";
    if (!toE164(row.recipient)) return `"${row.recipient}" is not a valid phone number`;
    if (!toE164(config.sms.fromNumber)) return `TWILIO_FROM_NUMBER "${config.sms.fromNumber}" is not a valid phone number`;
    if (row.content.length > SMS_BODY_MAX) return `Longer than an SMS can be (${SMS_BODY_MAX} characters)`;
  }
  return null;
}

function sendOnChannel(
  row: ClaimedDelivery,
  config: DeliveryConfig,
  references: readonly string[],
): Promise<{ providerMessageId: string; captured?: string | null }> {
  switch (row.channel) {
    case "whatsapp":
      return sendWhatsApp(config.whatsapp!, { toE164: toE164(row.recipient)!, body: row.content, deliveryId: row.id });
    case "sms":
      return sendSms(config.sms!, { toE164: toE164(row.recipient)!, fromE164: toE164(config.sms!.fromNumber)!, body: row.content });
    default:
      return sendEmail(config.email, {
        to: { name: row.customerName, address: row.recipient },
        messageId: row.providerMessageId!,
        replyToken: row.replyToken,
        orderNumber: row.orderNumber,
        senderName: row.senderName,
        content: row.content,
        references,
      });
  }
}

/** A row taken more often than allowed (attempts are counted when a row is taken): its last attempts never finished. */
export async function giveUpIfExhausted(
  db: DbOrTx,
  row: Pick<ClaimedRow, "id" | "attempts">,
  options: DeliveryWorkerOptions,
): Promise<DeliveryOutcome | null> {
  if (row.attempts <= options.maxAttempts) return null;
  const reason = `Gave up after ${options.maxAttempts} attempts (the last ones never finished: worker stopped)`;
  return (await recordAttemptFailed(db, row, { reason, retryInMs: null })) ? "failed" : "lost-lease";
}

/** A failed attempt: try again after the backoff, or fail for good (a permanent failure, or the last attempt). */
export async function recordFailure(
  db: DbOrTx,
  row: Pick<ClaimedRow, "id" | "attempts">,
  failure: DeliveryFailure,
  options: DeliveryWorkerOptions,
): Promise<DeliveryOutcome> {
  const last = failure.kind !== "retry" || row.attempts >= options.maxAttempts;
  const reason = last && failure.kind === "retry" ? `${failure.message} (gave up after ${row.attempts} attempts)` : failure.message;
  const recorded = await recordAttemptFailed(db, row, { reason, retryInMs: last ? null : retryDelayMs(row.attempts, options) });
  if (!recorded) return "lost-lease";
  return last ? "failed" : "retry";
}

export function retryDelayMs(attempt: number, options: Pick<DeliveryWorkerOptions, "baseDelayMs" | "maxDelayMs">, random = Math.random): number {
  const exponential = Math.min(options.baseDelayMs * 2 ** (attempt - 1), options.maxDelayMs);
  // ±20 % jitter, so rows that failed together (a provider outage) do not all retry together.
  return Math.round(exponential * (0.8 + 0.4 * random()));
}

/**
 * One attempt of one claimed row: refuse, fall back to email, or send — then record the result
 * (fenced, see record-delivery-outcome). `references` are the thread's earlier Message-IDs
 * (only read for email rows; a row that falls back to email is sent without them).
 */
export async function processDelivery(
  db: DbOrTx,
  row: ClaimedDelivery,
  config: DeliveryConfig,
  options: DeliveryWorkerOptions,
  references: readonly string[] = [],
  now = new Date(),
): Promise<DeliveryOutcome> {
  const refused = refusalReason(row);
  if (refused) return (await recordCancelled(db, row, refused)) ? "cancelled" : "lost-lease";
  const exhausted = await giveUpIfExhausted(db, row, options);
  if (exhausted) return exhausted;

  let current = row;
  const moveToEmail = async (reason: string): Promise<DeliveryOutcome | null> => {
    const moved = await recordFallbackToEmail(db, current, { reason, replyDomain: config.email.replyDomain });
    if (moved.kind === "lost") return "lost-lease";
    if (moved.kind === "duplicate") {
      const covered = `${reason}; an email delivery of this message to ${row.customerEmail} already exists`;
      return (await recordCancelled(db, current, covered)) ? "cancelled" : "lost-lease";
    }
    current = { ...current, channel: "email", recipient: row.customerEmail, providerMessageId: moved.providerMessageId };
    return null;
  };

  const fallback = emailFallbackReason(row, config, now);
  if (fallback) {
    const stop = await moveToEmail(fallback);
    if (stop) return stop;
  }
  for (;;) {
    try {
      const result = await sendOnChannel(current, config, current.channel === row.channel ? references : []);
      return (await recordSent(db, current, result)) ? "sent" : "lost-lease";
    } catch (error) {
      const failure = asDeliveryFailure(error);
      if (failure.kind === "use-email" && current.channel !== "email") {
        const stop = await moveToEmail(failure.message);
        if (stop) return stop;
        continue;
      }
      return recordFailure(db, current, failure, options);
    }
  }
}
