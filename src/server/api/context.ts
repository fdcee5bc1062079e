import "server-only";
import { requestCredential, requestMetaFromHeaders, resolveActor } from "../auth/resolve-actor";
import { getDb } from "../db";
import type { TRPCContext } from "./trpc";

export async function createTRPCContext(opts: { headers: Headers; resHeaders?: Headers }): Promise<TRPCContext> {
  const db = await getDb();
  return {
    db,
    actor: await resolveActor(db, opts.headers),
    request: requestMetaFromHeaders(opts.headers),
    credential: requestCredential(opts.headers),
    resHeaders: opts.resHeaders,
  };
}
