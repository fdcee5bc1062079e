import { hmacSha256Hex, safeEqual } from "../verify-hmac";
import { jsonReceipt, type InboundCall } from "../ingest-inbound-call";
import { parseWhatsAppWebhook } from "./parse-whatsapp-webhook";

/** Meta's limit for a webhook body is far below this; anything larger is not Meta. */
const MAX_BYTES = 1024 * 1024;

/**
 * `X-Hub-Signature-256: sha256=<hex HMAC-SHA256 of the body, app secret>`, computed over the bytes
 * exactly as received: Meta escapes non-ASCII ("\u00e9") and "/" ("\/") in what it signs, so a
 * re-serialised JSON.parse of the body would not verify.
 */
export function verifyWhatsAppSignature(rawBody: Uint8Array, header: string | null, appSecret: string): boolean {
  const match = /^sha256=([0-9a-f]{64})$/i.exec(header?.trim() ?? "");
  return !!match?.[1] && safeEqual(match[1].toLowerCase(), hmacSha256Hex(appSecret, rawBody));
}

export function whatsAppCall(appSecret: string | undefined): InboundCall {
  return {
    provider: "whatsapp",
    disabledReason: appSecret ? null : "WhatsApp is not configured: set WHATSAPP_APP_SECRET",
    maxBytes: MAX_BYTES,
    verify: (raw, request) =>
      verifyWhatsAppSignature(raw, request.headers.get("x-hub-signature-256"), appSecret ?? "")
        ? { ok: true }
        : { ok: false, reason: "X-Hub-Signature-256 missing or does not match" },
    parse: (raw) => parseWhatsAppWebhook(Buffer.from(raw).toString("utf8")),
    respond: jsonReceipt,
  };
}

/**
 * Meta's subscription check: GET ?hub.mode=subscribe&hub.verify_token=…&hub.challenge=… answered
 * with the challenge as plain text when the token is ours.
 */
export function answerWhatsAppSubscription(url: URL, verifyToken: string | undefined): Response {
  if (!verifyToken) {
    return Response.json(
      { error: { code: "SERVICE_UNAVAILABLE", message: "WhatsApp is not configured: set WHATSAPP_VERIFY_TOKEN" } },
      { status: 503 },
    );
  }
  const mode = url.searchParams.get("hub.mode");
  const token = url.searchParams.get("hub.verify_token") ?? "";
  const challenge = url.searchParams.get("hub.challenge") ?? "";
  if (mode !== "subscribe" || !safeEqual(token, verifyToken)) {
    return Response.json({ error: { code: "FORBIDDEN", message: "hub.verify_token does not match" } }, { status: 403 });
  }
  return new Response(challenge, { status: 200, headers: { "Content-Type": "text/plain" } });
}
