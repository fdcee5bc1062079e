import { createHash, randomBytes } from "node:crypto";
import { and, desc, eq, isNull, sql } from "drizzle-orm";
import type { Actor } from "../access";
import { writeAudit, type RequestMeta } from "../audit/write-audit";
import type { Database } from "../db/client";
// Relative, not `~/env`: the scripts import this file under tsx from any working directory.
import { env } from "../../env";
import { activeActor, actorCache, type ActorCache } from "../auth/actor-cache";
import { createFollowedCache, type FollowedCacheOptions } from "../auth/followed-cache";
import { apiTokens, users } from "../db/schema";
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
  /** When this process last recorded a use (ms), or the row's value when it was read. */
  lastUsedAt: number | null;
}

/** How often a token's `last_used_at` is written: a busy integrator must not turn reads into writes. */
const LAST_USED_WRITE_INTERVAL_MS = 60_000;
/** How long recorded uses wait in memory, to be written together in one statement. */
const LAST_USED_FLUSH_MS = 5_000;

export type ApiTokenAuthenticator = ReturnType<typeof createApiTokenAuthenticator>;

/**
 * Token lookups by hash, kept like the actor cache's entries: until the database announces the
 * token revoked or deleted (drizzle/0018), `ttlMs` at most. A miss reads the token and its owner in
 * one statement and hands the owner to the actor cache. Nothing of a request writes: uses are
 * collected and written in one UPDATE a few seconds later (`flushLastUsed`).
 */
export function createApiTokenAuthenticator(options: FollowedCacheOptions & { actors: ActorCache }) {
  const now = options.now ?? Date.now;
  const { actors } = options;
  const tokens = createFollowedCache<CachedToken>(options);
  const uses = new Map<Database, Map<string, number>>();
  let flushTimer: NodeJS.Timeout | undefined;

  async function lookUp(db: Database, tokenHash: string): Promise<{ token: CachedToken; actor: Actor | null } | null> {
    const hit = tokens.cached(db, tokenHash);
    if (hit) return { token: hit.value, actor: await actors.get(db, hit.value.userId) };
    const since = { token: tokens.mark(), actor: actors.mark() };
    const [row] = await db
      .select({ tokenId: apiTokens.id, lastUsedAt: apiTokens.lastUsedAt, user: users })
      .from(apiTokens)
      .innerJoin(users, eq(users.id, apiTokens.userId))
      .where(and(eq(apiTokens.tokenHash, tokenHash), isNull(apiTokens.revokedAt)))
      .limit(1);
    // A miss is not kept: a guessed token costs its own lookup, and a new token works at once.
    if (!row) return null;
    const token = { tokenId: row.tokenId, userId: row.user.id, lastUsedAt: row.lastUsedAt?.getTime() ?? null };
    const actor = activeActor(row.user);
    tokens.store(db, tokenHash, token, since.token);
    actors.store(db, token.userId, actor, since.actor);
    return { token, actor };
  }

  function recordUse(db: Database, token: CachedToken) {
    const at = now();
    if (token.lastUsedAt !== null && at - token.lastUsedAt <= LAST_USED_WRITE_INTERVAL_MS) return;
    token.lastUsedAt = at;
    let pending = uses.get(db);
    if (!pending) uses.set(db, (pending = new Map()));
    pending.set(token.tokenId, at);
    flushTimer ??= setTimeout(() => void flushLastUsed(), LAST_USED_FLUSH_MS).unref();
  }

  /** Writes the recorded uses, one UPDATE per database; a failure is logged and those uses are dropped. */
  async function flushLastUsed(): Promise<void> {
    clearTimeout(flushTimer);
    flushTimer = undefined;
    const batches = [...uses];
    uses.clear();
    await Promise.all(
      batches.map(async ([db, pending]) => {
        const rows = JSON.stringify([...pending].map(([id, at]) => ({ id, at: new Date(at).toISOString() })));
        try {
          // Never backwards: another process may have written a later use.
          await db.execute(sql`UPDATE api_tokens SET last_used_at = used.at
            FROM jsonb_to_recordset(${rows}::jsonb) AS used(id uuid, at timestamptz)
            WHERE api_tokens.id = used.id AND (api_tokens.last_used_at IS NULL OR api_tokens.last_used_at < used.at)`);
        } catch (error) {
          console.error(`could not record the last use of ${pending.size} API tokens`, error);
        }
      }),
    );
  }

  return {
    /** `Authorization: Bearer <token>` to its owner, with exactly the owner's access; null if revoked or the owner is disabled. */
    async authenticate(db: Database, token: string): Promise<Actor | null> {
      if (!token.startsWith(TOKEN_PREFIX)) return null;
      const found = await lookUp(db, hashToken(token));
      if (!found?.actor) return null;
      recordUse(db, found.token);
      return found.actor;
    },
    /** Drops a revoked token at once in this process. */
    forgetToken: (tokenId: string) => tokens.forgetWhere((entry) => entry.tokenId === tokenId),
    suspend: (db: Database) => tokens.suspend(db),
    resume: (db: Database) => tokens.resume(db),
    flushLastUsed,
  };
}

const globalForTokens = globalThis as unknown as { orderlineApiTokens?: ApiTokenAuthenticator };
export const apiTokenAuthenticator = (globalForTokens.orderlineApiTokens ??= createApiTokenAuthenticator({
  ttlMs: env.ACTOR_CACHE_SECONDS * 1000,
  actors: actorCache,
}));

/** Resolves `Authorization: Bearer <token>` to its owner, with exactly the owner's access. */
export function authenticateApiToken(db: Database, token: string): Promise<Actor | null> {
  return apiTokenAuthenticator.authenticate(db, token);
}
