import { apiTokenAuthenticator, type ApiTokenAuthenticator } from "../api-tokens/api-tokens";
import type { DbHandle } from "../db/client";
import { actorCache, type ActorCache } from "./actor-cache";

/** Where drizzle/0018's triggers announce a changed user (`user:<id>`) or token (`token:<id>`). */
export const ACTOR_CHANGES_CHANNEL = "orderline_actor_changes";

/**
 * Keeps this process's caller caches right by the database's notices, so a user disabled or
 * changed, or a token revoked, by any process counts from the next request. Until the first
 * LISTEN and whenever the connection is lost, nothing is served from them (notices may be
 * missed); on every (re)connect they are emptied.
 */
export function followActorChanges(
  handle: Pick<DbHandle, "db" | "listen">,
  caches: { actors: ActorCache; tokens: ApiTokenAuthenticator } = { actors: actorCache, tokens: apiTokenAuthenticator },
): void {
  const { db } = handle;
  const both = [caches.actors, caches.tokens];
  for (const cache of both) cache.suspend(db);
  handle.listen(ACTOR_CHANGES_CHANNEL, {
    onNotify(payload) {
      const [kind, id] = payload.split(":");
      if (!id) return;
      if (kind === "user") caches.actors.forget(id);
      else if (kind === "token") caches.tokens.forgetToken(id);
    },
    onListen: () => both.forEach((cache) => cache.resume(db)),
    onUnlisten: () => both.forEach((cache) => cache.suspend(db)),
  });
}
