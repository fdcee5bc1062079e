import type { InboundProvider } from "./inbound-message";

/**
 * Calls refused for a bad signature or credentials, per provider, since the process started.
 * Nothing of such a call is stored (it may be anyone's), so this counter and one log line are all
 * that is left of it: a rising count is someone probing, or a rotated secret not rolled out.
 */
const globalForRejections = globalThis as unknown as { orderlineInboundRejections?: Map<InboundProvider, number> };
const counts = (globalForRejections.orderlineInboundRejections ??= new Map());

export function recordInboundRejection(provider: InboundProvider, reason: string, request: RequestLike): void {
  counts.set(provider, (counts.get(provider) ?? 0) + 1);
  const from = request.headers.get("x-forwarded-for") ?? request.headers.get("x-real-ip") ?? "unknown";
  console.warn(`inbound ${provider}: refused (${reason}) from ${from}; ${counts.get(provider)} refused so far`);
}

export function inboundRejectionCount(provider: InboundProvider): number {
  return counts.get(provider) ?? 0;
}

interface RequestLike {
  headers: Headers;
}
