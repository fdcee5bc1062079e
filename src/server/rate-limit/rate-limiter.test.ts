import { describe, expect, it } from "vitest";
import { createRateLimiter } from "./rate-limiter";

describe("createRateLimiter", () => {
  it("allows `limit` hits per window per key, then says how long to wait", () => {
    let now = 0;
    const limiter = createRateLimiter({ limit: 3, windowMs: 10_000, now: () => now });
    expect([1, 2, 3].map(() => limiter.hit("a").allowed)).toEqual([true, true, true]);
    expect(limiter.hit("a")).toEqual({ allowed: false, retryAfterSeconds: 10 });
    expect(limiter.hit("b").allowed).toBe(true);
    now = 4_000;
    expect(limiter.hit("a").retryAfterSeconds).toBe(6);
    now = 10_001;
    expect(limiter.hit("a").allowed).toBe(true);
  });

  it("reports and resets without counting", () => {
    const limiter = createRateLimiter({ limit: 1, windowMs: 1000 });
    expect(limiter.isLimited("k")).toBe(false);
    limiter.hit("k");
    expect(limiter.isLimited("k")).toBe(true);
    limiter.reset("k");
    expect(limiter.isLimited("k")).toBe(false);
  });
});
