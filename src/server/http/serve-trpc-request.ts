import "server-only";
import type { AnyTRPCRouter } from "@trpc/server";
import { fetchRequestHandler, type FetchCreateContextFnOptions } from "@trpc/server/adapters/fetch";
import { httpErrorResponse } from "./domain-error-response";
import { readBodyWithin } from "./read-body-within";

export interface TrpcHttpLimits {
  /** Largest body read; REST's MAX_JSON_BODY_BYTES, so both ways in refuse the same request alike. */
  maxBodyBytes: number;
  /** Procedures in one `?batch=1` request: each takes a pool connection, so 1,500 at once starved it. */
  maxBatch: number;
}

type CreateContext<TRouter extends AnyTRPCRouter> = (
  opts: FetchCreateContextFnOptions,
) => Promise<TRouter["_def"]["_config"]["$types"]["ctx"]>;

/**
 * `/api/trpc` with the limits REST has: the body is read up to `maxBodyBytes` and refused with
 * 413 beyond (before it is held in memory or parsed; tRPC itself reads any body in full), and a
 * batch of more than `maxBatch` procedures is refused with 400 before its body is read at all.
 */
export async function serveTrpcRequest<TRouter extends AnyTRPCRouter>(
  req: Request,
  options: { endpoint: string; router: TRouter; createContext: CreateContext<TRouter>; limits: TrpcHttpLimits },
): Promise<Response> {
  const { maxBodyBytes, maxBatch } = options.limits;
  const url = new URL(req.url);
  if (url.searchParams.get("batch") === "1") {
    const paths = decodeURIComponent(url.pathname.slice(options.endpoint.length).replace(/^\//, "")).split(",");
    if (paths.length > maxBatch) {
      return httpErrorResponse(400, "BAD_REQUEST", `A batch may call at most ${maxBatch} procedures; this one calls ${paths.length}`);
    }
  }
  let request = req;
  if (req.method !== "GET" && req.method !== "HEAD") {
    const body = await readBodyWithin(req, maxBodyBytes);
    if (!body) return httpErrorResponse(413, "PAYLOAD_TOO_LARGE", `Request body exceeds ${maxBodyBytes} bytes`);
    request = new Request(req.url, { method: req.method, headers: req.headers, body: body as BodyInit, signal: req.signal });
  }
  return fetchRequestHandler({
    endpoint: options.endpoint,
    req: request,
    router: options.router,
    // Also tRPC's own check, in case a request reaches it another way.
    maxBatchSize: maxBatch,
    createContext: options.createContext,
  });
}
