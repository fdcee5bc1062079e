import "server-only";
import type { Actor } from "../access";
import type { RequestMeta } from "../audit/write-audit";
import { requestCredential, requestMetaFromHeaders, resolveActor } from "../auth/resolve-actor";
import { getDb } from "../db";
import type { Database } from "../db/client";

/**
 * What every way in knows about a request: the database, the caller (from the session cookie or
 * a Bearer API token, never from the body), the request's meta for the audit log, and which
 * credential proved the caller. Built here once for the tRPC route, the REST routes, the
 * Server Components' caller and the attachment routes, so none of them can resolve a caller
 * differently.
 */
export interface RequestContext {
  db: Database;
  actor: Actor | null;
  request: RequestMeta;
  /** How the caller proved who it is. */
  credential: "session" | "api_token";
}

export async function createRequestContext(headers: Headers): Promise<RequestContext> {
  const db = await getDb();
  return {
    db,
    actor: await resolveActor(db, headers),
    request: requestMetaFromHeaders(headers),
    credential: requestCredential(headers),
  };
}
