import type { DeliveryConfig } from "./delivery-config";
import { DeliveryFailure, failureForHttpStatus } from "./delivery-failure";

/** Cloud API text messages carry at most 4,096 characters. */
export const WHATSAPP_TEXT_MAX = 4096;

/** Meta's error codes that mean "not now on WhatsApp", not "never": the reply goes by email instead. */
const OUTSIDE_WINDOW_CODES = new Set([
  131047, // Re-engagement message: more than 24 hours since the customer last wrote
  131026, // Message undeliverable (no WhatsApp account, old app version, …)
]);
const RATE_LIMIT_CODES = new Set([4, 80007, 130429, 131048, 131056]);

interface GraphError {
  error?: { message?: string; code?: number; error_subcode?: number; fbtrace_id?: string };
}

/**
 * Sends a text through the WhatsApp Cloud API: POST {base}/{phone-number-id}/messages with the
 * Bearer token. Meta's `to` is the number without "+". The API has no idempotency key, so a
 * resend after a crash between its answer and our record can deliver twice (README).
 */
export async function sendWhatsApp(
  config: NonNullable<DeliveryConfig["whatsapp"]>,
  message: { toE164: string; body: string; deliveryId: string },
): Promise<{ providerMessageId: string }> {
  const url = `${config.apiBaseUrl.replace(/\/+$/, "")}/${encodeURIComponent(config.phoneNumberId)}/messages`;
  const response = await fetch(url, {
    method: "POST",
    headers: { Authorization: `Bearer ${config.accessToken}`, "Content-Type": "application/json" },
    body: JSON.stringify({
      messaging_product: "whatsapp",
      recipient_type: "individual",
      to: message.toE164.replace(/^\+/, ""),
      type: "text",
      text: { preview_url: false, body: message.body },
      // Echoed back in status webhooks: a status can be tied to its delivery even before we record the wamid.
      biz_opaque_callback_data: message.deliveryId,
    }),
    signal: AbortSignal.timeout(30_000),
  });
  const body = (await response.json().catch(() => ({}))) as GraphError & { messages?: { id?: string }[] };
  if (response.ok) {
    const id = body.messages?.[0]?.id;
    if (!id) throw new DeliveryFailure("retry", "WhatsApp answered without a message id");
    return { providerMessageId: id };
  }
  const code = body.error?.code;
  const reason = `WhatsApp ${response.status}${code ? ` (code ${code})` : ""}: ${body.error?.message ?? response.statusText}`;
  if (code !== undefined && OUTSIDE_WINDOW_CODES.has(code)) throw new DeliveryFailure("use-email", reason);
  if (code !== undefined && RATE_LIMIT_CODES.has(code)) throw new DeliveryFailure("retry", reason);
  throw failureForHttpStatus(response.status, reason);
}
