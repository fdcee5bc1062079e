import { createHash } from "node:crypto";
import { and, eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestDatabase, type TestDatabase } from "~/test/test-database";
import { trpcCodeOf } from "~/test/trpc-code";
import type { Actor } from "../../access";
import { apiTokenAuthenticator, authenticateApiToken } from "../../api-tokens/api-tokens";
import { noRequestMeta } from "../../audit/write-audit";
import { apiTokens, auditLog } from "../../db/schema";
import { createCaller } from "../root";

let t: TestDatabase;
beforeAll(async () => {
  t = await createTestDatabase();
});
afterAll(() => t.close());

const callerFor = (actor: Actor | null) => createCaller({ db: t.db, actor, request: noRequestMeta });

describe("apiTokens router", () => {
  it("refuses callers that authenticated with an API token, so a leaked token cannot mint successors", async () => {
    const alice = t.actor("alice@demo.test");
    const viaToken = createCaller({ db: t.db, actor: alice, request: noRequestMeta, credential: "api_token" });
    expect(await trpcCodeOf(viaToken.apiTokens.create({ name: "successor" }))).toBe("FORBIDDEN");
    expect(await trpcCodeOf(viaToken.apiTokens.list())).toBe("FORBIDDEN");
    const { apiToken } = await callerFor(alice).apiTokens.create({ name: "kept" });
    expect(await trpcCodeOf(viaToken.apiTokens.revoke({ tokenId: apiToken.id }))).toBe("FORBIDDEN");
    const session = createCaller({ db: t.db, actor: alice, request: noRequestMeta, credential: "session" });
    expect((await session.apiTokens.list()).find((x) => x.id === apiToken.id)?.revokedAt).toBeNull();
  });

  it("creates a token shown once, lists it without the secret, and the token acts as its owner", async () => {
    const alice = t.actor("alice@demo.test");
    const { token, apiToken } = await callerFor(alice).apiTokens.create({ name: "  Shop sync  " });
    expect(token).toMatch(/^olt_[A-Za-z0-9_-]{40,}$/);
    expect(apiToken).toMatchObject({ name: "Shop sync", prefix: token.slice(0, 10), lastUsedAt: null, revokedAt: null });

    const listed = await callerFor(alice).apiTokens.list();
    expect(listed.map((x) => x.id)).toContain(apiToken.id);
    expect(JSON.stringify(listed)).not.toContain(token);
    expect(Object.keys(listed[0] ?? {}).sort()).toEqual(["createdAt", "id", "lastUsedAt", "name", "prefix", "revokedAt"]);
    // Someone else's list does not show it.
    expect((await callerFor(t.actor("bob@demo.test")).apiTokens.list()).map((x) => x.id)).not.toContain(apiToken.id);

    expect(await authenticateApiToken(t.db, token)).toEqual(alice);
    // The use is written a few seconds after the request, with others: now, here.
    await apiTokenAuthenticator.flushLastUsed();
    const [stored] = await t.db.select().from(apiTokens).where(eq(apiTokens.id, apiToken.id));
    // Only a hash of the secret is kept.
    expect(stored?.tokenHash).toBe(createHash("sha256").update(token).digest("hex"));
    expect(stored?.lastUsedAt).toBeInstanceOf(Date);

    const audit = await t.db
      .select()
      .from(auditLog)
      .where(and(eq(auditLog.action, "api_token.created"), eq(auditLog.actorId, alice.id)));
    expect(audit.map((a) => a.metadata.tokenId)).toContain(apiToken.id);
  });

  it.each(["rita@demo.test", "sid@demo.test", "admin@demo.test"])("gives %s's token exactly the owner's role and scope", async (email) => {
    const owner = t.actor(email);
    const { token } = await callerFor(owner).apiTokens.create({ name: "integration" });
    const actor = await authenticateApiToken(t.db, token);
    expect(actor).toEqual(owner);
    expect(actor).toMatchObject({ role: owner.role, storeId: owner.storeId, supplierId: owner.supplierId });
  });

  it("lets only the owner revoke; a revoked token no longer authenticates", async () => {
    const alice = t.actor("alice@demo.test");
    const { token, apiToken } = await callerFor(alice).apiTokens.create({ name: "to revoke" });

    // Another user's token id is simply not found, and the token keeps working.
    expect(await trpcCodeOf(callerFor(t.actor("bob@demo.test")).apiTokens.revoke({ tokenId: apiToken.id }))).toBe("NOT_FOUND");
    expect(await trpcCodeOf(callerFor(t.actor("admin@demo.test")).apiTokens.revoke({ tokenId: apiToken.id }))).toBe("NOT_FOUND");
    expect(await authenticateApiToken(t.db, token)).toEqual(alice);

    const revoked = await callerFor(alice).apiTokens.revoke({ tokenId: apiToken.id });
    expect(revoked.id).toBe(apiToken.id);
    expect(revoked.revokedAt).not.toBeNull();
    expect(await authenticateApiToken(t.db, token)).toBeNull();
    expect(await trpcCodeOf(callerFor(alice).apiTokens.revoke({ tokenId: apiToken.id }))).toBe("NOT_FOUND");
    expect((await callerFor(alice).apiTokens.list()).find((x) => x.id === apiToken.id)?.revokedAt).toBe(revoked.revokedAt);
  });

  it("resolves garbage tokens to nobody", async () => {
    const { token } = await callerFor(t.actor("alice@demo.test")).apiTokens.create({ name: "real" });
    for (const garbage of ["", "olt_", "olt_garbage", "Bearer olt_x", token.slice(0, -1), `${token}x`, token.replace("olt_", "xyz_")]) {
      expect(await authenticateApiToken(t.db, garbage)).toBeNull();
    }
  });

  it("refuses callers without a session and names without text", async () => {
    expect(await trpcCodeOf(callerFor(null).apiTokens.create({ name: "x" }))).toBe("UNAUTHORIZED");
    expect(await trpcCodeOf(callerFor(null).apiTokens.list())).toBe("UNAUTHORIZED");
    expect(await trpcCodeOf(callerFor(t.actor("bob@demo.test")).apiTokens.create({ name: "   " }))).toBe("BAD_REQUEST");
    expect(await trpcCodeOf(callerFor(t.actor("bob@demo.test")).apiTokens.revoke({ tokenId: "not-a-uuid" }))).toBe("BAD_REQUEST");
  });
});
