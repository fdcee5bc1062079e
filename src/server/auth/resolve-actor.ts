import "server-only";
import type { Actor } from "../access";
import { authenticateApiToken } from "../api-tokens/api-tokens";
import type { Database } from "../db/client";
import { actorCache } from "./actor-cache";
import { authOptions } from "./options";
import { requestCredential } from "./request-credential";
import { createSessionCookieReader } from "./session-cookie";

export { requestCredential } from "./request-credential";
// Kept here for callers that import it with resolveActor; it lives in request-meta.ts, which
// options.ts imports without pulling this file (and options.ts) into a cycle.
export { requestMetaFromHeaders } from "./request-meta";

const globalForSessions = globalThis as unknown as { orderlineSessionCookies?: ReturnType<typeof createSessionCookieReader> };
const sessionUserId = (globalForSessions.orderlineSessionCookies ??= createSessionCookieReader({ secret: authOptions.secret! }));

/**
 * The caller of an HTTP request: an integrator's `Authorization: Bearer` token, else the
 * NextAuth session cookie. A bearer token that does not resolve means no caller (401), never a
 * fallback to the cookie. Both paths read the actor through the actor cache (actor-cache.ts).
 */
export async function resolveActor(db: Database, headers: Headers): Promise<Actor | null> {
  if (requestCredential(headers) === "api_token") {
    const match = /^Bearer\s+(\S+)$/i.exec(headers.get("authorization")?.trim() ?? "");
    return match?.[1] ? authenticateApiToken(db, match[1]) : null;
  }
  const userId = await sessionUserId(headers);
  return userId ? actorCache.get(db, userId) : null;
}
