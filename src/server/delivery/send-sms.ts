import type { DeliveryConfig } from "./delivery-config";
import { DeliveryFailure, failureForHttpStatus } from "./delivery-failure";

/** Twilio refuses bodies over 1,600 characters (error 21617). */
export const SMS_BODY_MAX = 1600;

/**
 * Sends an SMS through Twilio's REST API: POST {base}/2010-04-01/Accounts/{sid}/Messages.json,
 * Basic auth sid:token, form-encoded To/From/Body and the StatusCallback our webhook verifies.
 * Twilio's Messages API takes no idempotency key: a crash between its 201 and our record can
 * send twice (README).
 */
export async function sendSms(
  config: NonNullable<DeliveryConfig["sms"]>,
  message: { toE164: string; fromE164: string; body: string },
): Promise<{ providerMessageId: string }> {
  const url = `${config.apiBaseUrl.replace(/\/+$/, "")}/2010-04-01/Accounts/${encodeURIComponent(config.accountSid)}/Messages.json`;
  const response = await fetch(url, {
    method: "POST",
    headers: {
      Authorization: `Basic ${Buffer.from(`${config.accountSid}:${config.authToken}`).toString("base64")}`,
      "Content-Type": "application/x-www-form-urlencoded",
    },
    body: new URLSearchParams({
      To: message.toE164,
      From: message.fromE164,
      Body: message.body,
      StatusCallback: config.statusCallbackUrl,
    }).toString(),
    signal: AbortSignal.timeout(30_000),
  });
  const body = (await response.json().catch(() => ({}))) as { sid?: string; code?: number; message?: string };
  if (response.ok) {
    if (!body.sid) throw new DeliveryFailure("retry", "Twilio answered without a message sid");
    return { providerMessageId: body.sid };
  }
  const reason = `Twilio ${response.status}${body.code ? ` (code ${body.code})` : ""}: ${body.message ?? response.statusText}`;
  throw failureForHttpStatus(response.status, reason);
}
