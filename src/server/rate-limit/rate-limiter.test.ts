import { sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestDatabase, type TestDatabase } from "~/test/test-database";
import { rateLimits } from "../db/schema";
import { createRateLimiter } from "./rate-limiter";

describe.each([{ driver: "default" as const }, { driver: "pglite" as const }])("createRateLimiter ($driver)", ({ driver }) => {
  let t: TestDatabase;
  beforeAll(async () => {
    t = await createTestDatabase(driver === "pglite" ? { driver } : {});
  });
  afterAll(() => t.close());

  it("allows `limit` hits in any window, refuses the next with the wait, and does not count refusals", async () => {
    let now = 1_000_000;
    const limiter = createRateLimiter({ name: `window-${driver}`, limit: 3, windowMs: 10_000, now: () => now });
    const hit = async (key: string) => (await limiter.hit(t.db, key)).allowed;
    expect([await hit("a"), await hit("a")]).toEqual([true, true]);
    now += 4_000;
    expect(await hit("a")).toBe(true);
    expect(await limiter.hit(t.db, "a")).toMatchObject({ allowed: false, retryAfterSeconds: 6 });
    expect(await hit("b")).toBe(true);
    // The first two hits leave the window at +10 s; the refused hits above took no place.
    now += 6_000;
    expect(await hit("a")).toBe(true);
    expect(await hit("a")).toBe(true);
    expect(await limiter.hit(t.db, "a")).toMatchObject({ allowed: false, retryAfterSeconds: 4 });
  });

  it("shares one count between instances of the same limiter, never between differently named ones", async () => {
    const options = { limit: 2, windowMs: 60_000, now: () => 3_000_000 };
    const first = createRateLimiter({ name: `shared-${driver}`, ...options });
    const second = createRateLimiter({ name: `shared-${driver}`, ...options });
    const other = createRateLimiter({ name: `other-${driver}`, ...options });
    expect((await first.hit(t.db, "k")).allowed).toBe(true);
    expect((await second.hit(t.db, "k")).allowed).toBe(true);
    expect((await first.hit(t.db, "k")).allowed).toBe(false);
    expect((await other.hit(t.db, "k")).allowed).toBe(true);
  });

  it("reports and resets without counting", async () => {
    let now = 4_000_000;
    const limiter = createRateLimiter({ name: `reset-${driver}`, limit: 1, windowMs: 60_000, now: () => now });
    expect(await limiter.isLimited(t.db, "k")).toBe(false);
    expect(await limiter.isLimited(t.db, "k")).toBe(false);
    await limiter.hit(t.db, "k");
    expect(await limiter.isLimited(t.db, "k")).toBe(true);
    await limiter.reset(t.db, "k");
    expect(await limiter.isLimited(t.db, "k")).toBe(false);
    await limiter.hit(t.db, "k");
    now += 60_000;
    expect(await limiter.isLimited(t.db, "k")).toBe(false);
  });

  it("gives back exactly the one place a released hit took, even when another hit shares its millisecond", async () => {
    const now = 2_000_000;
    const limiter = createRateLimiter({ name: `release-${driver}`, limit: 3, windowMs: 60_000, now: () => now });
    const first = await limiter.hit(t.db, "k");
    await limiter.hit(t.db, "k");
    await limiter.hit(t.db, "k");
    expect((await limiter.hit(t.db, "k")).allowed).toBe(false);
    await limiter.release(t.db, "k", first.at);
    expect((await limiter.hit(t.db, "k")).allowed).toBe(true);
    expect((await limiter.hit(t.db, "k")).allowed).toBe(false);
  });

  it("lets exactly `limit` of a parallel burst through", async () => {
    const limiter = createRateLimiter({ name: `burst-${driver}`, limit: 10, windowMs: 60_000, now: () => 6_000_000 });
    const outcomes = await Promise.all(Array.from({ length: 40 }, () => limiter.hit(t.db, "k")));
    expect(outcomes.filter((o) => o.allowed)).toHaveLength(10);
    expect(outcomes.filter((o) => !o.allowed).every((o) => o.retryAfterSeconds === 60)).toBe(true);
  });

  it("sweeps rows whose hits have all left the window", async () => {
    let now = 5_000_000_000;
    const limiter = createRateLimiter({ name: `sweep-${driver}`, limit: 5, windowMs: 1_000, now: () => now });
    await limiter.hit(t.db, "old");
    now += 120_000; // past the window and the sweep interval
    await limiter.hit(t.db, "new");
    const keys = await t.db.select({ key: rateLimits.key }).from(rateLimits).where(sql`${rateLimits.key} like ${`sweep-${driver}:%`}`);
    expect(keys.map((k) => k.key)).toEqual([`sweep-${driver}:new`]);
  });
});
