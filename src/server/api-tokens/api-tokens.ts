import { createHash, randomBytes } from "node:crypto";
import { and, desc, eq, isNull } from "drizzle-orm";
import type { Actor } from "../access";
import { writeAudit, type RequestMeta } from "../audit/write-audit";
import type { Database } from "../db/client";
// Relative, not `~/env`: the scripts import this file under tsx from any working directory.
import { env } from "../../env";
import { actorCache, type ActorCache } from "../auth/actor-cache";
import { apiTokens } from "../db/schema";
import { invalid, notFound } from "../errors";

const TOKEN_PREFIX = "olt_";

function hashToken(token: string): string {
  return createHash("sha256").update(token).digest("hex");
}

export interface ApiTokenSummary {
  id: string;
  name: string;
  prefix: string;
  createdAt: string;
  lastUsedAt: string | null;
  revokedAt: string | null;
}

const toSummary = (row: typeof apiTokens.$inferSelect): ApiTokenSummary => ({
  id: row.id,
  name: row.name,
  prefix: row.prefix,
  createdAt: row.createdAt.toISOString(),
  lastUsedAt: row.lastUsedAt?.toISOString() ?? null,
  revokedAt: row.revokedAt?.toISOString() ?? null,
});

/** The secret is returned once, here; only its SHA-256 is stored. */
export async function createApiToken(
  db: Database,
  actor: Actor,
  input: { name: string },
  request: RequestMeta,
): Promise<{ token: string; apiToken: ApiTokenSummary }> {
  const name = input.name.trim();
  if (!name) throw invalid("A token needs a name");
  const token = TOKEN_PREFIX + randomBytes(32).toString("base64url");
  return db.transaction(async (tx) => {
    const [row] = await tx
      .insert(apiTokens)
      .values({ userId: actor.id, name, prefix: token.slice(0, 10), tokenHash: hashToken(token) })
      .returning();
    if (!row) throw new Error("insert returned no row");
    await writeAudit(tx, { actor, action: "api_token.created", metadata: { tokenId: row.id, name } }, request);
    return { token, apiToken: toSummary(row) };
  });
}

export async function listApiTokens(db: Database, actor: Actor): Promise<ApiTokenSummary[]> {
  const rows = await db.select().from(apiTokens).where(eq(apiTokens.userId, actor.id)).orderBy(desc(apiTokens.createdAt));
  return rows.map(toSummary);
}

/** Only the owner revokes their token; someone else's token id is simply not found. */
export async function revokeApiToken(db: Database, actor: Actor, tokenId: string, request: RequestMeta): Promise<ApiTokenSummary> {
  return db.transaction(async (tx) => {
    const [row] = await tx
      .update(apiTokens)
      .set({ revokedAt: new Date() })
      .where(and(eq(apiTokens.id, tokenId), eq(apiTokens.userId, actor.id), isNull(apiTokens.revokedAt)))
      .returning();
    if (!row) throw notFound("API token");
    await writeAudit(tx, { actor, action: "api_token.revoked", metadata: { tokenId } }, request);
    apiTokenAuthenticator.forgetToken(tokenId);
    return toSummary(row);
  });
}

interface CachedToken {
  tokenId: string;
  userId: string;
  lastUsedAt: number | null;
  expiresAt: number;
}

/** How often a token's `last_used_at` is written: a busy integrator must not turn reads into writes. */
const LAST_USED_WRITE_INTERVAL_MS = 60_000;

/**
 * Token lookups by hash, trusted for the actor cache's TTL like the actor itself: a token revoked by
 * another process stops within that bound, one revoked here at once (`revokeApiToken`).
 */
export function createApiTokenAuthenticator(options: { ttlMs: number; actors: ActorCache; now?: () => number }) {
  const now = options.now ?? Date.now;
  const byHash = new Map<Database, Map<string, CachedToken | null>>();
  const entriesOf = (db: Database) => {
    let entries = byHash.get(db);
    if (!entries) byHash.set(db, (entries = new Map()));
    return entries;
  };

  async function lookUp(db: Database, tokenHash: string): Promise<CachedToken | null> {
    const entries = entriesOf(db);
    const cached = entries.get(tokenHash);
    if (cached && cached.expiresAt > now()) return cached;
    const [row] = await db
      .select({ tokenId: apiTokens.id, userId: apiTokens.userId, lastUsedAt: apiTokens.lastUsedAt })
      .from(apiTokens)
      .where(and(eq(apiTokens.tokenHash, tokenHash), isNull(apiTokens.revokedAt)))
      .limit(1);
    const found = row ? { tokenId: row.tokenId, userId: row.userId, lastUsedAt: row.lastUsedAt?.getTime() ?? null, expiresAt: now() + options.ttlMs } : null;
    entries.delete(tokenHash);
    if (entries.size >= 10_000) entries.delete(entries.keys().next().value as string);
    // A miss is not kept: a guessed token costs its own lookup, and a new token works at once.
    if (found) entries.set(tokenHash, found);
    return found;
  }

  return {
    /** `Authorization: Bearer <token>` to its owner, with exactly the owner's access; null if revoked or the owner is disabled. */
    async authenticate(db: Database, token: string): Promise<Actor | null> {
      if (!token.startsWith(TOKEN_PREFIX)) return null;
      const found = await lookUp(db, hashToken(token));
      if (!found) return null;
      const actor = await options.actors.get(db, found.userId);
      if (!actor) return null;
      const at = now();
      if (found.lastUsedAt === null || at - found.lastUsedAt > LAST_USED_WRITE_INTERVAL_MS) {
        found.lastUsedAt = at;
        await db.update(apiTokens).set({ lastUsedAt: new Date(at) }).where(eq(apiTokens.id, found.tokenId));
      }
      return actor;
    },
    /** Drops a revoked token at once in this process. */
    forgetToken(tokenId: string) {
      for (const entries of byHash.values()) {
        for (const [hash, entry] of entries) if (entry?.tokenId === tokenId) entries.delete(hash);
      }
    },
  };
}

const globalForTokens = globalThis as unknown as { orderlineApiTokens?: ReturnType<typeof createApiTokenAuthenticator> };
const apiTokenAuthenticator = (globalForTokens.orderlineApiTokens ??= createApiTokenAuthenticator({
  ttlMs: env.ACTOR_CACHE_SECONDS * 1000,
  actors: actorCache,
}));

/** Resolves `Authorization: Bearer <token>` to its owner, with exactly the owner's access. */
export function authenticateApiToken(db: Database, token: string): Promise<Actor | null> {
  return apiTokenAuthenticator.authenticate(db, token);
}
