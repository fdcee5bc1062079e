import { createHash, randomBytes } from "node:crypto";
import { and, desc, eq, isNull } from "drizzle-orm";
import type { Actor } from "../access";
import { writeAudit, type RequestMeta } from "../audit/write-audit";
import type { Database } from "../db/client";
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
    return toSummary(row);
  });
}

/** Resolves `Authorization: Bearer <token>` to its owner, with exactly the owner's access. */
export async function authenticateApiToken(db: Database, token: string): Promise<Actor | null> {
  if (!token.startsWith(TOKEN_PREFIX)) return null;
  const [row] = await db
    .select({ tokenId: apiTokens.id, lastUsedAt: apiTokens.lastUsedAt, user: users })
    .from(apiTokens)
    .innerJoin(users, eq(users.id, apiTokens.userId))
    .where(and(eq(apiTokens.tokenHash, hashToken(token)), isNull(apiTokens.revokedAt)))
    .limit(1);
  if (!row) return null;
  // Written at most once a minute per token, so a busy integrator does not turn reads into writes.
  if (!row.lastUsedAt || Date.now() - row.lastUsedAt.getTime() > 60_000) {
    await db.update(apiTokens).set({ lastUsedAt: new Date() }).where(eq(apiTokens.id, row.tokenId));
  }
  return actorFromUser(row.user);
}

export function actorFromUser(user: typeof users.$inferSelect): Actor {
  return {
    id: user.id,
    role: user.role,
    name: user.name,
    email: user.email,
    storeId: user.storeId,
    supplierId: user.supplierId,
  };
}
