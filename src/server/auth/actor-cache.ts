import { eq } from "drizzle-orm";
// Relative, not `~/env`: the scripts import this file under tsx from any working directory.
import { env } from "../../env";
import type { Actor } from "../access";
import { actorFromUser } from "../access/actor-from-user";
import type { DbOrTx } from "../db/client";
import { users } from "../db/schema";
import { createFollowedCache, type FollowedCache, type FollowedCacheOptions } from "./followed-cache";

/** The actor a `users` row acts as: none once disabled. */
export function activeActor(user: typeof users.$inferSelect): Actor | null {
  return user.disabledAt ? null : actorFromUser(user);
}

/**
 * The user's current role and scope, or null when they were removed or disabled, so a session or
 * token follows changes made after it was issued.
 */
export async function loadActor(db: DbOrTx, userId: string): Promise<Actor | null> {
  const [user] = await db.select().from(users).where(eq(users.id, userId)).limit(1);
  return user ? activeActor(user) : null;
}

export interface ActorCache extends Pick<FollowedCache<Actor | null>, "mark" | "store" | "suspend" | "resume"> {
  /** The actor of `userId`: from memory while no change to the user was announced, else read. */
  get(db: DbOrTx, userId: string): Promise<Actor | null>;
  /** Drops one user at once, e.g. when this process disables them or changes their role. */
  forget(userId: string): void;
}

/**
 * Every request needs its caller's current actor (the session's copy in the cookie can be 12 hours
 * old, and next-auth in a route handler cannot rewrite the cookie). The database announces every
 * change to what an actor is made of (drizzle/0018), so an entry stays until such a notice, in
 * every process at once; `ttlMs` is only the backstop. Where nobody follows the notices (scripts,
 * tests that do not), `ttlMs` is the bound.
 */
export function createActorCache(options: FollowedCacheOptions): ActorCache {
  const cache = createFollowedCache<Actor | null>(options);
  return {
    async get(db, userId) {
      const hit = cache.cached(db, userId);
      if (hit) return hit.value;
      const since = cache.mark();
      const actor = await loadActor(db, userId);
      cache.store(db, userId, actor, since);
      return actor;
    },
    forget: (userId) => cache.forget(userId),
    mark: () => cache.mark(),
    store: (db, userId, actor, since) => cache.store(db, userId, actor, since),
    suspend: (db) => cache.suspend(db),
    resume: (db) => cache.resume(db),
  };
}

// One per process, kept across hot reloads so `forget` reaches the instance requests use.
const globalForCache = globalThis as unknown as { orderlineActorCache?: ActorCache };
export const actorCache: ActorCache = (globalForCache.orderlineActorCache ??= createActorCache({
  ttlMs: env.ACTOR_CACHE_SECONDS * 1000,
}));
