import { hmacSha256Hex, safeEqual } from "../verify-hmac";

/** How far the shop's clock and ours may disagree, and how long a captured call can be replayed. */
export const ORDER_EVENT_TOLERANCE_SECONDS = 5 * 60;

/**
 * `X-Orderline-Timestamp` (unix seconds, within 5 minutes of now) and `X-Orderline-Signature` =
 * hex HMAC-SHA256(timestamp + "." + raw body, SYSTEM_EVENTS_SECRET). The timestamp is signed, so
 * an old call cannot be replayed with a fresh one. Returns the reason when refused.
 */
export function verifyOrderEventSignature(
  rawBody: Uint8Array,
  headers: Headers,
  secret: string,
  now: Date = new Date(),
): { ok: true; timestamp: Date } | { ok: false; reason: string } {
  const timestamp = headers.get("x-orderline-timestamp") ?? "";
  const signature = (headers.get("x-orderline-signature") ?? "").trim().toLowerCase();
  if (!/^\d{1,12}$/.test(timestamp)) return { ok: false, reason: "X-Orderline-Timestamp missing or not unix seconds" };
  const seconds = Number(timestamp);
  if (Math.abs(now.getTime() / 1000 - seconds) > ORDER_EVENT_TOLERANCE_SECONDS) {
    return { ok: false, reason: "X-Orderline-Timestamp is more than 5 minutes from now" };
  }
  const expected = hmacSha256Hex(secret, `${timestamp}.`, rawBody);
  if (!safeEqual(signature, expected)) return { ok: false, reason: "X-Orderline-Signature does not match" };
  return { ok: true, timestamp: new Date(seconds * 1000) };
}
