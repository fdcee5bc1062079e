import { createHmac, timingSafeEqual } from "node:crypto";

/** Constant-time comparison of two strings (a length difference is not secret). */
export function safeEqual(a: string, b: string): boolean {
  const left = Buffer.from(a);
  const right = Buffer.from(b);
  return left.length === right.length && timingSafeEqual(left, right);
}

/** Hex HMAC-SHA256 of the bytes exactly as received. */
export function hmacSha256Hex(secret: string, ...parts: (string | Uint8Array)[]): string {
  const hmac = createHmac("sha256", secret);
  for (const part of parts) hmac.update(part);
  return hmac.digest("hex");
}
