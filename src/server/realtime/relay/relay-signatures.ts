import { createHash, createHmac, timingSafeEqual } from "node:crypto";

/** An app the relay serves: Pusher's three credentials. */
export interface RelayApp {
  id: string;
  key: string;
  secret: string;
}

export function hmacSha256Hex(secret: string, data: string): string {
  return createHmac("sha256", secret).update(data).digest("hex");
}

export function md5Hex(data: string | Uint8Array): string {
  return createHash("md5").update(data).digest("hex");
}

/** Constant-time comparison of two hex strings (different lengths are simply unequal). */
export function sameHex(a: string, b: string): boolean {
  const left = Buffer.from(a, "utf8");
  const right = Buffer.from(b, "utf8");
  return left.length === right.length && timingSafeEqual(left, right);
}

/**
 * Private channels: the auth string is `key:HMAC-SHA256(secret, "socket_id:channel_name")`;
 * presence channels append `:channel_data` to the signed string (Pusher protocol 7).
 */
export function isValidChannelAuth(
  app: RelayApp,
  socketId: string,
  channel: string,
  auth: unknown,
  channelData?: string,
): boolean {
  if (typeof auth !== "string") return false;
  const separator = auth.indexOf(":");
  if (separator < 0 || auth.slice(0, separator) !== app.key) return false;
  const signed = channelData === undefined ? `${socketId}:${channel}` : `${socketId}:${channel}:${channelData}`;
  return sameHex(auth.slice(separator + 1), hmacSha256Hex(app.secret, signed));
}

export type HttpAuthResult = { ok: true } | { ok: false; status: 401; reason: string };

/** How far an `auth_timestamp` may be from the relay's clock (Pusher allows 600 s). */
export const AUTH_TIMESTAMP_GRACE_SECONDS = 600;

/**
 * The HTTP API's request signature, as Pusher's servers check it: every query parameter except
 * `auth_signature`, keys lower-cased and sorted, joined as `k=v` with `&` and *not* URL-encoded,
 * signed as `METHOD\nPATH\nQUERY`. `body_md5` must match the raw body when there is one.
 */
export function verifyHttpApiRequest(
  app: RelayApp,
  method: string,
  path: string,
  query: URLSearchParams,
  rawBody: string,
  nowSeconds = Math.floor(Date.now() / 1000),
): HttpAuthResult {
  const params = new Map<string, string>();
  for (const [key, value] of query) params.set(key.toLowerCase(), value);
  const signature = params.get("auth_signature");
  if (params.get("auth_key") !== app.key) return { ok: false, status: 401, reason: "Unknown auth_key" };
  if (params.get("auth_version") !== "1.0") return { ok: false, status: 401, reason: "auth_version must be 1.0" };
  const timestamp = Number(params.get("auth_timestamp"));
  if (!Number.isInteger(timestamp) || Math.abs(nowSeconds - timestamp) > AUTH_TIMESTAMP_GRACE_SECONDS) {
    return { ok: false, status: 401, reason: `auth_timestamp must be within ${AUTH_TIMESTAMP_GRACE_SECONDS} s of the server's clock` };
  }
  if (rawBody.length > 0 && params.get("body_md5") !== md5Hex(rawBody)) {
    return { ok: false, status: 401, reason: "body_md5 does not match the body" };
  }
  if (!signature) return { ok: false, status: 401, reason: "auth_signature is missing" };
  params.delete("auth_signature");
  const queryToSign = [...params.entries()]
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    .map(([key, value]) => `${key}=${value}`)
    .join("&");
  const expected = hmacSha256Hex(app.secret, `${method.toUpperCase()}\n${path}\n${queryToSign}`);
  if (!sameHex(signature, expected)) return { ok: false, status: 401, reason: "Invalid auth_signature" };
  return { ok: true };
}
