import "server-only";
import { getServerSession } from "next-auth";
import { env } from "~/env";
import { type Actor, parseActor } from "../access";
import { authenticateApiToken } from "../api-tokens/api-tokens";
import type { RequestMeta } from "../audit/write-audit";
import type { Database } from "../db/client";
import { authOptions } from "./options";

/**
 * The caller of an HTTP request: an integrator's `Authorization: Bearer` token, else the
 * NextAuth session cookie. A bearer token that does not resolve means no caller (401), never a
 * fallback to the cookie.
 */
export async function resolveActor(db: Database, headers: Headers): Promise<Actor | null> {
  const authorization = headers.get("authorization");
  if (authorization) {
    const match = /^Bearer\s+(\S+)$/i.exec(authorization.trim());
    return match?.[1] ? authenticateApiToken(db, match[1]) : null;
  }
  const session = await getServerSession(authOptions);
  return parseActor(session?.user);
}

/** Which credential resolveActor uses for these headers: a bearer token whenever one is sent. */
export function requestCredential(headers: Headers): "session" | "api_token" {
  return headers.has("authorization") ? "api_token" : "session";
}

/**
 * The caller's address as the outermost of our proxies saw it. Each proxy appends the address it
 * was called from to X-Forwarded-For, so with `trustedHops` proxies the entry that many from the
 * end is the client's; entries before it are whatever the client chose to send.
 */
export function requestMetaFromHeaders(headers: Headers, trustedHops = env.TRUSTED_PROXY_HOPS): RequestMeta {
  const entries = headers.get("x-forwarded-for")?.split(",").map((entry) => entry.trim()) ?? [];
  const forwarded = entries.at(-trustedHops) ?? entries[0];
  return {
    ip: forwarded || headers.get("x-real-ip") || null,
    userAgent: headers.get("user-agent")?.slice(0, 512) ?? null,
  };
}
