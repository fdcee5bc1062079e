import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestDatabase, type TestDatabase } from "~/test/test-database";
import { noRequestMeta } from "../audit/write-audit";
import { createApiToken, createApiTokenAuthenticator, revokeApiToken } from "../api-tokens/api-tokens";
import { apiTokens, users } from "../db/schema";
import { actorCache, createActorCache } from "./actor-cache";
import { setUserDisabled } from "./set-user-disabled";

let t: TestDatabase;
beforeAll(async () => {
  t = await createTestDatabase();
});
afterAll(() => t.close());

describe("the actor cache", () => {
  it("answers a repeated read from memory until its TTL, then reads the user again", async () => {
    let now = 1_000;
    const cache = createActorCache({ ttlMs: 5_000, now: () => now });
    const sam = t.actor("sam@demo.test");
    expect(await cache.get(t.db, sam.id)).toMatchObject({ role: "reseller", storeId: "south" });
    // Changed behind the cache's back: a hit does not query, so it still sees the old scope...
    await t.db.update(users).set({ storeId: "north" }).where(eq(users.id, sam.id));
    now += 4_999;
    expect(await cache.get(t.db, sam.id)).toMatchObject({ storeId: "south" });
    // ...and past the TTL it reads again.
    now += 2;
    expect(await cache.get(t.db, sam.id)).toMatchObject({ storeId: "north" });
    await t.db.update(users).set({ storeId: "south" }).where(eq(users.id, sam.id));
  });

  it("forgets a user at once when this process disables them, and sees them again when enabled", async () => {
    const bob = t.actor("bob@demo.test");
    expect(await actorCache.get(t.db, bob.id)).toMatchObject({ email: "bob@demo.test" });
    const disabled = await setUserDisabled(t.db, "BOB@demo.test", true);
    expect(disabled.disabledAt).toBeInstanceOf(Date);
    expect(await actorCache.get(t.db, bob.id)).toBeNull();
    // Disabling again keeps the first time.
    expect((await setUserDisabled(t.db, "bob@demo.test", true)).disabledAt).toEqual(disabled.disabledAt);
    await setUserDisabled(t.db, "bob@demo.test", false);
    expect(await actorCache.get(t.db, bob.id)).toMatchObject({ email: "bob@demo.test" });
    await expect(setUserDisabled(t.db, "nobody@demo.test", true)).rejects.toMatchObject({ code: "NOT_FOUND" });
  });

  it("keeps a user disabled by another process out within the TTL", async () => {
    let now = 50_000;
    const cache = createActorCache({ ttlMs: 5_000, now: () => now });
    const sid = t.actor("sid@demo.test");
    expect(await cache.get(t.db, sid.id)).not.toBeNull();
    await t.db.update(users).set({ disabledAt: new Date() }).where(eq(users.id, sid.id));
    now += 5_001;
    expect(await cache.get(t.db, sid.id)).toBeNull();
    await t.db.update(users).set({ disabledAt: null }).where(eq(users.id, sid.id));
  });
});

describe("API tokens through the caches", () => {
  it("looks a token up once per TTL, refuses it once revoked elsewhere, and at once when revoked here", async () => {
    let now = 10_000_000;
    const actors = createActorCache({ ttlMs: 5_000, now: () => now });
    const tokens = createApiTokenAuthenticator({ ttlMs: 5_000, actors, now: () => now });
    const rita = t.actor("rita@demo.test");
    const { token, apiToken } = await createApiToken(t.db, rita, { name: "cache" }, noRequestMeta);
    expect(await tokens.authenticate(t.db, token)).toMatchObject({ email: "rita@demo.test" });
    // Revoked behind the cache's back (another process): trusted until the TTL, then refused.
    await t.db.update(apiTokens).set({ revokedAt: new Date() }).where(eq(apiTokens.id, apiToken.id));
    now += 1_000;
    expect(await tokens.authenticate(t.db, token)).not.toBeNull();
    now += 4_001;
    expect(await tokens.authenticate(t.db, token)).toBeNull();

    const second = await createApiToken(t.db, rita, { name: "cache 2" }, noRequestMeta);
    expect(await tokens.authenticate(t.db, second.token)).not.toBeNull();
    tokens.forgetToken(second.apiToken.id);
    await revokeApiToken(t.db, rita, second.apiToken.id, noRequestMeta);
    expect(await tokens.authenticate(t.db, second.token)).toBeNull();
  });

  it("refuses the token of a disabled user at once in this process", async () => {
    const alice = t.actor("alice@demo.test");
    const { authenticateApiToken } = await import("../api-tokens/api-tokens");
    const { token } = await createApiToken(t.db, alice, { name: "disable" }, noRequestMeta);
    expect(await authenticateApiToken(t.db, token)).toMatchObject({ email: "alice@demo.test" });
    await setUserDisabled(t.db, "alice@demo.test", true);
    expect(await authenticateApiToken(t.db, token)).toBeNull();
    await setUserDisabled(t.db, "alice@demo.test", false);
    expect(await authenticateApiToken(t.db, token)).toMatchObject({ email: "alice@demo.test" });
  });

  it("writes last_used_at at most once a minute", async () => {
    let now = Date.UTC(2030, 0, 1);
    const tokens = createApiTokenAuthenticator({ ttlMs: 5_000, actors: createActorCache({ ttlMs: 5_000, now: () => now }), now: () => now });
    const { token, apiToken } = await createApiToken(t.db, t.actor("sue@demo.test"), { name: "used" }, noRequestMeta);
    const lastUsed = async () =>
      (await t.db.select({ at: apiTokens.lastUsedAt }).from(apiTokens).where(eq(apiTokens.id, apiToken.id)))[0]?.at?.getTime();
    await tokens.authenticate(t.db, token);
    const first = now;
    await tokens.flushLastUsed();
    expect(await lastUsed()).toBe(first);
    now += 30_000;
    await tokens.authenticate(t.db, token);
    await tokens.flushLastUsed();
    expect(await lastUsed()).toBe(first);
    now += 31_000;
    await tokens.authenticate(t.db, token);
    await tokens.flushLastUsed();
    expect(await lastUsed()).toBe(now);
  });
});
