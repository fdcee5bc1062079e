import { env } from "~/env";
import type { RequestMeta } from "../audit/write-audit";

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
