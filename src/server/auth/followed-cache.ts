import type { DbOrTx } from "../db/client";

export interface FollowedCacheOptions {
  /** Longest an entry is trusted: the backstop should a change ever go unannounced. */
  ttlMs: number;
  /** Entries per database; the oldest go first beyond it. */
  maxEntries?: number;
  /** The clock (ms); tests move it by hand. */
  now?: () => number;
}

export interface FollowedCache<V> {
  /** The entry for `key`, if one may be served. */
  cached(db: DbOrTx, key: string): { value: V } | undefined;
  /** Taken before a load, handed to `store` after it. */
  mark(): number;
  /** Keeps a loaded value, unless an invalidation came between `since` (from `mark`) and now. */
  store(db: DbOrTx, key: string, value: V, since: number): void;
  forget(key: string): void;
  forgetWhere(matches: (value: V) => boolean): void;
  /** The database's change feed is down: nothing of it is served from memory until `resume`. */
  suspend(db: DbOrTx): void;
  /** The feed is up (again): drops all of the database's entries, since changes may have been missed. */
  resume(db: DbOrTx): void;
}

/**
 * Rows cached per database (tests open several whose rows share ids) and kept right by
 * invalidation: the database announces changes (auth/actor-change-feed.ts) and they are dropped.
 * A load that overlapped any invalidation is used once but not kept, since it may have read the
 * row just before the change whose notice has already gone by.
 */
export function createFollowedCache<V>(options: FollowedCacheOptions): FollowedCache<V> {
  const now = options.now ?? Date.now;
  const maxEntries = options.maxEntries ?? 10_000;
  const byDb = new Map<DbOrTx, Map<string, { value: V; expiresAt: number }>>();
  const suspended = new Set<DbOrTx>();
  let invalidations = 0;
  return {
    cached(db, key) {
      if (suspended.has(db)) return undefined;
      const entry = byDb.get(db)?.get(key);
      return entry && entry.expiresAt > now() ? entry : undefined;
    },
    mark: () => invalidations,
    store(db, key, value, since) {
      if (since !== invalidations || suspended.has(db)) return;
      let entries = byDb.get(db);
      if (!entries) byDb.set(db, (entries = new Map()));
      entries.delete(key);
      if (entries.size >= maxEntries) entries.delete(entries.keys().next().value as string);
      entries.set(key, { value, expiresAt: now() + options.ttlMs });
    },
    forget(key) {
      invalidations++;
      for (const entries of byDb.values()) entries.delete(key);
    },
    forgetWhere(matches) {
      invalidations++;
      for (const entries of byDb.values()) {
        for (const [key, entry] of entries) if (matches(entry.value)) entries.delete(key);
      }
    },
    suspend(db) {
      invalidations++;
      suspended.add(db);
      byDb.delete(db);
    },
    resume(db) {
      invalidations++;
      suspended.delete(db);
      byDb.delete(db);
    },
  };
}
