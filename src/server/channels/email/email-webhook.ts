import type { InboundCall } from "../ingest-inbound-call";
import { jsonReceipt } from "../ingest-inbound-call";
import { safeEqual } from "../verify-hmac";
import { parsePostmarkInbound, parseRawEmail, type EmailParseOptions } from "./parse-email";

/** Mail with attachments: Postmark's own inbound limit is 35 MB; ours is the one we keep in a row. */
const MAX_BYTES = 25 * 1024 * 1024;

/** HTTP Basic `INBOUND_EMAIL_USER:INBOUND_EMAIL_PASSWORD`, compared in constant time. */
export function verifyBasicAuth(header: string | null, user: string, password: string): boolean {
  const match = /^Basic\s+([A-Za-z0-9+/=]+)\s*$/i.exec(header ?? "");
  if (!match?.[1]) return false;
  const decoded = Buffer.from(match[1], "base64").toString("utf8");
  const colon = decoded.indexOf(":");
  if (colon < 0) return false;
  // Both compared, always: no early exit tells which half was wrong.
  const userOk = safeEqual(decoded.slice(0, colon), user);
  const passwordOk = safeEqual(decoded.slice(colon + 1), password);
  return userOk && passwordOk;
}

export function emailCall(credentials: { user?: string; password?: string }, options: EmailParseOptions): InboundCall {
  const { user, password } = credentials;
  return {
    provider: "email",
    disabledReason: user && password ? null : "Inbound email is not configured: set INBOUND_EMAIL_USER and INBOUND_EMAIL_PASSWORD",
    maxBytes: MAX_BYTES,
    verify: (_raw, request) =>
      verifyBasicAuth(request.headers.get("authorization"), user ?? "", password ?? "")
        ? { ok: true }
        : { ok: false, reason: "HTTP Basic credentials missing or wrong" },
    parse: (raw, request) => {
      // Postmark posts JSON; a raw-MIME provider posts message/rfc822 (anything not JSON is read as MIME).
      const type = (request.headers.get("content-type") ?? "").toLowerCase();
      return type.startsWith("application/json") ? parsePostmarkInbound(Buffer.from(raw).toString("utf8"), options) : parseRawEmail(raw, options);
    },
    respond: jsonReceipt,
  };
}
