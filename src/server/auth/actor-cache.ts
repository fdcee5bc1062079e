import { and, eq, isNull } from "drizzle-orm";
// Relative, not `~/env`: the scripts import this file under tsx from any working directory.
import { env } from "../../env";
import type { Actor } from "../access";
import { actorFromUser } from "../access/actor-from-user";
import type { DbOrTx } from "../db/client";
import { users } from "../db/schema";

/**
 * The user's current role and scope, or null when they were removed or disabled, so a session or
 * token follows changes made after it was issued.
 */
export async function loadActor(db: DbOrTx, userId: string): Promise<Actor | null> {
  const [user] = await db
    .select()
    .from(users)
    .where(and(eq(users.id, userId), isNull(users.disabledAt)))
    .limit(1);
  return user ? actorFromUser(user) : null;
}

interface ActorCacheOptions {
  ttlMs: number;
  /** Entries per database; the oldest go first beyond it. */
  maxEntries?: number;
  /** The clock (ms); tests move it by hand. */
  now?: () => number;
}

export interface ActorCache {
  /** The actor of `userId`, read at most once per `ttlMs` per database. */
  get(db: DbOrTx, userId: string): Promise<Actor | null>;
  /** Drops one user at once, e.g. when this process disables them or changes their role. */
  forget(userId: string): void;
}

/**
 * Every request needs its caller's current actor (the session's copy in the cookie can be 12 hours
 * old, and next-auth in a route handler cannot rewrite the cookie). Reading `users` per request was
 * the alternative; a few seconds of trust costs one indexed read per user per TTL instead. The
 * bound: a user disabled or changed by another process (the `user:disable` script, another app
 * instance) loses or changes access within `ttlMs` everywhere; in this process at once (`forget`).
 * Keyed by database as well as user id: tests open several databases whose users share ids.
 */
export function createActorCache(options: ActorCacheOptions): ActorCache {
  const now = options.now ?? Date.now;
  const maxEntries = options.maxEntries ?? 10_000;
  const byDb = new Map<DbOrTx, Map<string, { actor: Actor | null; expiresAt: number }>>();
  const entriesOf = (db: DbOrTx) => {
    let entries = byDb.get(db);
    if (!entries) byDb.set(db, (entries = new Map()));
    return entries;
  };
  return {
    async get(db, userId) {
      const entries = entriesOf(db);
      const cached = entries.get(userId);
      if (cached && cached.expiresAt > now()) return cached.actor;
      const actor = await loadActor(db, userId);
      entries.delete(userId);
      if (entries.size >= maxEntries) entries.delete(entries.keys().next().value as string);
      entries.set(userId, { actor, expiresAt: now() + options.ttlMs });
      return actor;
    },
    forget(userId) {
      for (const entries of byDb.values()) entries.delete(userId);
    },
  };
}

// One per process, kept across hot reloads so `forget` reaches the instance requests use.
const globalForCache = globalThis as unknown as { orderlineActorCache?: ActorCache };
export const actorCache: ActorCache = (globalForCache.orderlineActorCache ??= createActorCache({
  ttlMs: env.ACTOR_CACHE_SECONDS * 1000,
}));
