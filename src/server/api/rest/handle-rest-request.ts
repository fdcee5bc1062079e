import "server-only";
import { createOpenApiFetchHandler, type OpenApiRouter } from "trpc-to-openapi";
import { appRouter } from "../root";
import type { TRPCContext } from "../trpc";
import { reshapeErrorResponse, restErrorResponse } from "./rest-error";
import { readBodyWithin } from "../../http/read-body-within";

/** REST is mounted here (src/app/api/orders, src/app/api/admin). */
export const REST_ENDPOINT = "/api";

/**
 * Largest JSON body the REST surface reads. A message is at most MESSAGE_MAX_LENGTH characters
 * and attachments are uploaded separately, so 1 MB leaves ample room while keeping a hostile body
 * out of memory.
 */
export const MAX_JSON_BODY_BYTES = 1024 * 1024;

/**
 * trpc-to-openapi answers 200 to every success and has no per-operation status; these
 * procedures create something, so REST answers 201 (CONTRACT.md: "201 with the message").
 * openapi-document.ts documents the same statuses.
 */
export const createdStatusProcedures: ReadonlySet<string> = new Set(["messages.send"]);

/** Builds the procedure context of one REST request; `resHeaders` lands on the response (Retry-After). */
export type CreateRestContext = (opts: { req: Request; resHeaders: Headers }) => Promise<TRPCContext> | TRPCContext;

export function createRestHandler(router: OpenApiRouter) {
  return async function handle(req: Request, createContext: CreateRestContext): Promise<Response> {
    const hasBody = req.method !== "GET" && req.method !== "HEAD" && req.method !== "DELETE";
    const body = hasBody ? await readBodyWithin(req, MAX_JSON_BODY_BYTES) : new Uint8Array();
    if (!body) {
      return restErrorResponse(413, {
        code: "PAYLOAD_TOO_LARGE",
        message: `Request body exceeds ${MAX_JSON_BODY_BYTES} bytes`,
      });
    }

    const headers = new Headers(req.headers);
    let text = Buffer.from(body).toString("utf8");
    // A PATCH such as .../thread/close carries no body; the adapter would want JSON anyway.
    if (hasBody && text.trim() === "") {
      text = "{}";
      headers.set("content-type", "application/json");
    }
    // The adapter strips the endpoint with a string replace on the whole URL, so it must not see
    // the caller's host (an "api.example.com" host would be cut instead of the path).
    const { pathname, search } = new URL(req.url);
    const adapterRequest = new Request(new URL(pathname + search, "http://orderline.rest"), {
      method: req.method,
      headers,
      body: hasBody ? text : undefined,
      signal: req.signal,
    });

    // Handed to the procedure context: the tRPC middleware sets Retry-After on it.
    const resHeaders = new Headers();
    let response: Response;
    try {
      response = await createOpenApiFetchHandler({
        endpoint: REST_ENDPOINT,
        req: adapterRequest,
        router,
        createContext: () => createContext({ req, resHeaders }),
        responseMeta: ({ paths, errors }) =>
          errors.length === 0 && paths?.length === 1 && createdStatusProcedures.has(paths[0] ?? "") ? { status: 201 } : {},
      });
    } catch (error) {
      console.error("REST handler failed", error);
      return restErrorResponse(500, { code: "INTERNAL_SERVER_ERROR", message: "Internal server error" });
    }

    if (response.status >= 400) response = await reshapeErrorResponse(response);
    for (const [name, value] of resHeaders) response.headers.set(name, value);
    response.headers.set("Cache-Control", "no-store");
    return response;
  };
}

/** The REST surface of CONTRACT.md: the tRPC routers' procedures that carry `meta.openapi`. */
export const handleRestRequest = createRestHandler(appRouter);
