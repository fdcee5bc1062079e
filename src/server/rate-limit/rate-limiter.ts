/**
 * Sliding-window counter kept in this process. Enough for one app instance; several instances
 * behind a load balancer would each allow the limit (a shared store such as Redis fixes that).
 */
export interface RateLimiter {
  /** Counts one attempt for `key`; `allowed` false means over the limit. */
  hit(key: string): { allowed: boolean; retryAfterSeconds: number };
  /** Whether `key` is over the limit now, without counting an attempt. */
  isLimited(key: string): boolean;
  /** Forgets `key`, e.g. after a successful sign-in. */
  reset(key: string): void;
}

export function createRateLimiter(options: { limit: number; windowMs: number; now?: () => number }): RateLimiter {
  const now = options.now ?? Date.now;
  const hits = new Map<string, number[]>();
  let lastSweep = now();

  const sweep = (at: number) => {
    if (at - lastSweep < options.windowMs) return;
    lastSweep = at;
    for (const [key, times] of hits) if ((times.at(-1) ?? 0) <= at - options.windowMs) hits.delete(key);
  };

  return {
    hit(key) {
      const at = now();
      sweep(at);
      const recent = (hits.get(key) ?? []).filter((t) => t > at - options.windowMs);
      if (recent.length >= options.limit) {
        hits.set(key, recent);
        const oldest = recent[0] ?? at;
        return { allowed: false, retryAfterSeconds: Math.max(1, Math.ceil((oldest + options.windowMs - at) / 1000)) };
      }
      recent.push(at);
      hits.set(key, recent);
      return { allowed: true, retryAfterSeconds: 0 };
    },
    isLimited(key) {
      const at = now();
      return (hits.get(key) ?? []).filter((t) => t > at - options.windowMs).length >= options.limit;
    },
    reset(key) {
      hits.delete(key);
    },
  };
}
