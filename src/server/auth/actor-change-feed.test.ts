import { eq, sql } from "drizzle-orm";
import postgres from "postgres";
import { afterAll, beforeAll, describe, expect, inject, it, vi } from "vitest";
import { createTestDatabase, type TestDatabase } from "~/test/test-database";
import { noRequestMeta } from "../audit/write-audit";
import { createApiToken, createApiTokenAuthenticator, revokeApiToken } from "../api-tokens/api-tokens";
import type { ChannelListener } from "../db/listen-postgres";
import { connectPglite, connectPostgres, type Database, type DbHandle } from "../db/client";
import { apiTokens, users } from "../db/schema";
import { seedDemoData } from "../db/seed";
import { createActorCache } from "./actor-cache";
import { followActorChanges } from "./actor-change-feed";

let t: TestDatabase;
beforeAll(async () => {
  t = await createTestDatabase();
});
afterAll(() => t.close());

const LONG_TTL_MS = 600_000;
const onPostgres = inject("testDatabase").kind === "postgres";

/** A process's caller caches, trusted for ten minutes, following the change feed through `listen`. */
function followingProcess(db: Database, listen: DbHandle["listen"]) {
  const actors = createActorCache({ ttlMs: LONG_TTL_MS });
  const tokens = createApiTokenAuthenticator({ ttlMs: LONG_TTL_MS, actors });
  followActorChanges({ db, listen }, { actors, tokens });
  return { actors, tokens };
}

/** Wraps a real `listen` to let the test wait for the feed's events. */
function observed(listen: DbHandle["listen"]) {
  const events: string[] = [];
  const listenObserved: DbHandle["listen"] = (channel, listener) =>
    listen(channel, {
      onNotify: (payload) => (events.push(payload), listener.onNotify(payload)),
      onListen: () => (events.push("listen"), listener.onListen()),
      onUnlisten: () => (events.push("unlisten"), listener.onUnlisten()),
    });
  const until = (event: string, count = 1) =>
    vi.waitFor(() => expect(events.filter((e) => e === event).length).toBeGreaterThanOrEqual(count), { timeout: 5_000, interval: 5 });
  return { events, listen: listenObserved, until };
}

describe.skipIf(!onPostgres)("the change feed on PostgreSQL", () => {
  let handle: DbHandle;
  let other: postgres.Sql;
  beforeAll(() => {
    // The process under test: a pool and a listener of its own. `t.db` and `other` act as the
    // other processes (`npm run user:disable`, another app instance, psql).
    handle = connectPostgres(t.url!, { max: 2 });
    other = postgres(t.url!, { max: 1, onnotice: () => {} });
  });
  afterAll(async () => {
    await handle.close();
    await other.end();
  });

  it("drops a user disabled, a role changed or a token revoked by another connection, by the next request after the notice", async () => {
    const feed = observed(handle.listen);
    const { actors, tokens } = followingProcess(handle.db, feed.listen);
    await feed.until("listen");
    const rita = t.actor("rita@demo.test");
    const bob = t.actor("bob@demo.test");
    const { token, apiToken } = await createApiToken(t.db, rita, { name: "feed" }, noRequestMeta);
    expect(await tokens.authenticate(handle.db, token)).toMatchObject({ email: "rita@demo.test" });
    expect(await actors.get(handle.db, bob.id)).toMatchObject({ role: "customer" });

    // Warm: a change nobody announces (triggers off for that session) is not seen.
    await other.begin(async (tx) => {
      await tx`SET LOCAL session_replication_role = replica`;
      await tx`UPDATE users SET name = 'Bob (unannounced)' WHERE id = ${bob.id}`;
    });
    expect(await actors.get(handle.db, bob.id)).toMatchObject({ name: bob.name });

    await t.db.update(users).set({ role: "admin" }).where(eq(users.id, bob.id));
    await feed.until(`user:${bob.id}`);
    expect(await actors.get(handle.db, bob.id)).toMatchObject({ role: "admin", name: "Bob (unannounced)" });
    await t.db.update(users).set({ role: "customer", name: bob.name }).where(eq(users.id, bob.id));
    await feed.until(`user:${bob.id}`, 2);

    await t.db.update(users).set({ disabledAt: new Date() }).where(eq(users.id, rita.id));
    await feed.until(`user:${rita.id}`);
    expect(await tokens.authenticate(handle.db, token)).toBeNull();
    await t.db.update(users).set({ disabledAt: null }).where(eq(users.id, rita.id));
    await feed.until(`user:${rita.id}`, 2);
    expect(await tokens.authenticate(handle.db, token)).toMatchObject({ email: "rita@demo.test" });

    await revokeApiToken(t.db, rita, apiToken.id, noRequestMeta);
    await feed.until(`token:${apiToken.id}`);
    expect(await tokens.authenticate(handle.db, token)).toBeNull();
  });

  it("announces nothing for the columns the app writes all the time (last_digest_at, last_used_at)", async () => {
    const feed = observed(handle.listen);
    followingProcess(handle.db, feed.listen);
    await feed.until("listen");
    const sue = t.actor("sue@demo.test");
    const { apiToken } = await createApiToken(t.db, sue, { name: "quiet" }, noRequestMeta);
    await t.db.update(users).set({ lastDigestAt: new Date() }).where(eq(users.id, sue.id));
    await t.db.update(apiTokens).set({ lastUsedAt: new Date() }).where(eq(apiTokens.id, apiToken.id));
    // Disabling an already enabled user changes nothing either.
    await t.db.update(users).set({ disabledAt: null }).where(eq(users.id, sue.id));
    // Notices arrive in commit order: once this one is in, the writes before it would be too.
    await t.db.update(users).set({ name: "Sue, renamed" }).where(eq(users.id, sue.id));
    await feed.until(`user:${sue.id}`);
    expect(feed.events).toEqual(["listen", `user:${sue.id}`]);
    await t.db.update(users).set({ name: sue.name }).where(eq(users.id, sue.id));
  });

  it("serves nothing from memory while the listener is down, and empties the caches when it is back", async () => {
    const feed = observed(handle.listen);
    const { actors } = followingProcess(handle.db, feed.listen);
    await feed.until("listen");
    const sid = t.actor("sid@demo.test");
    expect(await actors.get(handle.db, sid.id)).toMatchObject({ name: sid.name });
    // Missed, as if made while the listener was down.
    await other.begin(async (tx) => {
      await tx`SET LOCAL session_replication_role = replica`;
      await tx`UPDATE users SET name = 'Sid (missed)' WHERE id = ${sid.id}`;
    });
    expect(await actors.get(handle.db, sid.id)).toMatchObject({ name: sid.name });
    await other`SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = current_database() AND application_name = 'orderline_listen'`;
    await feed.until("unlisten");
    await feed.until("listen", 2);
    expect(await actors.get(handle.db, sid.id)).toMatchObject({ name: "Sid (missed)" });
    await t.db.update(users).set({ name: sid.name }).where(eq(users.id, sid.id));
  });
});

describe("the change feed on PGlite", () => {
  it("hears the instance's own notices, so a change made by any code path of the one process counts", async () => {
    const handle = await connectPglite();
    try {
      await handle.migrate();
      await seedDemoData(handle.db);
      const feed = observed(handle.listen);
      const { actors } = followingProcess(handle.db, feed.listen);
      await feed.until("listen");
      const [bob] = await handle.db.select().from(users).where(eq(users.email, "bob@demo.test"));
      expect(await actors.get(handle.db, bob!.id)).toMatchObject({ role: "customer" });
      await handle.db.update(users).set({ role: "admin" }).where(eq(users.id, bob!.id));
      await feed.until(`user:${bob!.id}`);
      expect(await actors.get(handle.db, bob!.id)).toMatchObject({ role: "admin" });
    } finally {
      await handle.close();
    }
  });
});

describe("the change feed's state, driven by hand", () => {
  it("trusts nothing before the first LISTEN or after a lost connection, and starts empty on every LISTEN", async () => {
    let listener: ChannelListener | undefined;
    const { actors } = followingProcess(t.db, (_channel, l) => void (listener = l));
    const sam = t.actor("sam@demo.test");
    const rename = (name: string) => t.db.update(users).set({ name }).where(eq(users.id, sam.id));
    const name = async () => (await actors.get(t.db, sam.id))?.name;

    await rename("Sam 1");
    expect(await name()).toBe("Sam 1");
    await rename("Sam 2");
    expect(await name()).toBe("Sam 2");
    listener!.onListen();
    expect(await name()).toBe("Sam 2");
    await rename("Sam 3");
    expect(await name()).toBe("Sam 2");
    listener!.onUnlisten();
    expect(await name()).toBe("Sam 3");
    await rename("Sam 4");
    expect(await name()).toBe("Sam 4");
    listener!.onListen();
    expect(await name()).toBe("Sam 4");
    await rename("Sam 5");
    expect(await name()).toBe("Sam 4");
    listener!.onNotify(`user:${sam.id}`);
    expect(await name()).toBe("Sam 5");
    await rename(sam.name);
  });

  it("does not keep a read that overlapped a notice: it may predate the change", async () => {
    let listener: ChannelListener | undefined;
    const { actors } = followingProcess(t.db, (_channel, l) => void (listener = l));
    listener!.onListen();
    const sam = t.actor("sam@demo.test");
    const reading = actors.get(t.db, sam.id);
    listener!.onNotify(`user:${sam.id}`);
    await reading;
    await t.db.update(users).set({ name: "Sam, later" }).where(eq(users.id, sam.id));
    expect(await actors.get(t.db, sam.id)).toMatchObject({ name: "Sam, later" });
    await t.db.update(users).set({ name: sam.name }).where(eq(users.id, sam.id));
  });
});

describe("last_used_at", () => {
  it("is written for many tokens in one batch, after the requests, never by them", async () => {
    const tokens = createApiTokenAuthenticator({ ttlMs: LONG_TTL_MS, actors: createActorCache({ ttlMs: LONG_TTL_MS }) });
    const created = await Promise.all(["a", "b", "c"].map((name) => createApiToken(t.db, t.actor("rita@demo.test"), { name }, noRequestMeta)));
    for (const { token } of created) expect(await tokens.authenticate(t.db, token)).not.toBeNull();
    const lastUsed = async () =>
      (await t.db.select({ at: apiTokens.lastUsedAt }).from(apiTokens).where(sql`${apiTokens.id} IN ${created.map((c) => c.apiToken.id)}`)).map((r) => r.at);
    expect(await lastUsed()).toEqual([null, null, null]);
    await tokens.flushLastUsed();
    for (const at of await lastUsed()) expect(at).toBeInstanceOf(Date);
  });

  it.skipIf(!onPostgres)("logs a failed write and drops it; the request that used the token never sees it", async () => {
    const doomed = connectPostgres(t.url!, { max: 1 });
    const tokens = createApiTokenAuthenticator({ ttlMs: LONG_TTL_MS, actors: createActorCache({ ttlMs: LONG_TTL_MS }) });
    const { token } = await createApiToken(t.db, t.actor("rita@demo.test"), { name: "doomed" }, noRequestMeta);
    expect(await tokens.authenticate(doomed.db, token)).not.toBeNull();
    await doomed.close();
    const logged = vi.spyOn(console, "error").mockImplementation(() => {});
    await expect(tokens.flushLastUsed()).resolves.toBeUndefined();
    expect(logged).toHaveBeenCalledWith("could not record the last use of 1 API tokens", expect.anything());
    logged.mockRestore();
  });
});
