import "server-only";
import { createRequestContext } from "../http/request-context";
import type { TRPCContext } from "./trpc";

/** tRPC's and REST's context: the one request context, plus the response headers (Retry-After). */
export async function createTRPCContext(opts: { headers: Headers; resHeaders?: Headers }): Promise<TRPCContext> {
  return { ...(await createRequestContext(opts.headers)), resHeaders: opts.resHeaders };
}
