import { decode, getToken } from "next-auth/jwt";

interface SessionCookieOptions {
  secret: string;
  /** Decrypted cookies remembered; the oldest go first beyond it. */
  maxEntries?: number;
  /** The clock (ms); tests move it by hand. */
  now?: () => number;
}

/** The cookie header as the name → value pairs next-auth's cookie reader takes. */
function parseCookies(header: string | null): Map<string, string> {
  const cookies = new Map<string, string>();
  for (const part of (header ?? "").split(";")) {
    const at = part.indexOf("=");
    if (at > 0) cookies.set(part.slice(0, at).trim(), part.slice(at + 1).trim());
  }
  return cookies;
}

/**
 * The user id in a request's NextAuth session cookie, or null. next-auth's getServerSession runs
 * its whole session endpoint for this on every request (decrypt, callbacks, then encrypt a
 * refreshed cookie that a route handler can never send); a request needs only the id, and takes
 * the user's current actor from the actor cache as the `jwt` callback does. A decrypted cookie
 * is remembered until its own expiry: the JWE is authenticated, so the same string always holds
 * the same token. getToken finds the cookie as next-auth names it (`__Secure-` over HTTPS, chunks).
 */
export function createSessionCookieReader(options: SessionCookieOptions) {
  const now = options.now ?? Date.now;
  const maxEntries = options.maxEntries ?? 5_000;
  const byCookie = new Map<string, { userId: string; expiresAt: number }>();

  return async function sessionUserId(headers: Headers): Promise<string | null> {
    // No authorization header: getToken would otherwise take a Bearer value for the cookie.
    const request = { headers: {}, cookies: parseCookies(headers.get("cookie")) };
    const cookie = await getToken({ req: request as never, secret: options.secret, raw: true });
    if (!cookie) return null;
    const cached = byCookie.get(cookie);
    if (cached && cached.expiresAt > now()) return cached.userId;
    byCookie.delete(cookie);

    const token = await decode({ token: cookie, secret: options.secret }).catch(() => null);
    const userId = token?.actor?.id;
    if (typeof userId !== "string" || typeof token?.exp !== "number") return null;
    if (byCookie.size >= maxEntries) byCookie.delete(byCookie.keys().next().value as string);
    byCookie.set(cookie, { userId, expiresAt: token.exp * 1000 });
    return userId;
  };
}
