import "server-only";
import { TRPCError } from "@trpc/server";
import { createOpenApiNodeHttpHandler, type OpenApiRouter } from "trpc-to-openapi";
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

type NodeHandler = ReturnType<typeof createOpenApiNodeHttpHandler>;

/**
 * The adapter's answer, caught where it writes it. Its node-http core sets headers and a status and
 * ends with the JSON body, like the fetch adapter's own stand-in for a response.
 */
function captureResponse(run: (res: Parameters<NodeHandler>[1]) => Promise<void>): Promise<Response> {
  return new Promise((resolve, reject) => {
    const headers = new Headers();
    let status = 200;
    const res = {
      setHeader: (name: string, value: string | readonly string[]) => {
        if (typeof value === "string") headers.set(name, value);
        else for (const v of value) headers.append(name, v);
      },
      get statusCode() {
        return status;
      },
      set statusCode(code: number) {
        status = code;
      },
      end: (body?: string) => resolve(new Response(body, { status, headers })),
    };
    run(res as unknown as Parameters<NodeHandler>[1]).catch(reject);
  });
}

export function createRestHandler(router: OpenApiRouter) {
  // Built once. trpc-to-openapi's fetch adapter builds this core (its route table of regular
  // expressions over every procedure) on every request, copies the request and reads its body a
  // second time; the REST plumbing was most of a send's CPU in the bench (issue 13).
  const contexts = new WeakMap<object, () => Promise<TRPCContext> | TRPCContext>();
  const handler = createOpenApiNodeHttpHandler({
    router,
    createContext: ({ req }: { req: object }) => contexts.get(req)!(),
    responseMeta: ({ paths, errors }) =>
      errors.length === 0 && paths?.length === 1 && createdStatusProcedures.has(paths[0] ?? "") ? { status: 201 } : {},
  } as Parameters<typeof createOpenApiNodeHttpHandler>[0]);

  return async function handle(req: Request, createContext: CreateRestContext): Promise<Response> {
    const hasBody = req.method !== "GET" && req.method !== "HEAD" && req.method !== "DELETE";
    const raw = hasBody ? await readBodyWithin(req, MAX_JSON_BODY_BYTES) : new Uint8Array();
    if (!raw) {
      return restErrorResponse(413, {
        code: "PAYLOAD_TOO_LARGE",
        message: `Request body exceeds ${MAX_JSON_BODY_BYTES} bytes`,
      });
    }

    let text = Buffer.from(raw).toString("utf8");
    let headers = req.headers;
    // A PATCH such as .../thread/close carries no body; the adapter would want JSON anyway.
    if (hasBody && text.trim() === "") {
      text = "{}";
      headers = new Headers(req.headers);
      headers.set("content-type", "application/json");
    }
    // What the adapter reads of the request, as its fetch adapter hands it over (a proxy of the
    // Request whose body is the parsed JSON). The mount is cut from the path, never from the host:
    // the adapter matches on the whole URL.
    const { pathname, search } = new URL(req.url);
    const url = `http://orderline.rest${pathname.startsWith(REST_ENDPOINT) ? pathname.slice(REST_ENDPOINT.length) : pathname}${search}`;
    const body = parseJsonBody(hasBody, headers, text);
    const adapterRequest = new Proxy(req, {
      get: (target, prop) => {
        if (prop === "url") return url;
        if (prop === "headers") return headers;
        if (prop === "body") {
          if (!body.ok) throw new TRPCError({ code: "PARSE_ERROR", message: "Failed to parse request body", cause: body.cause });
          return body.data;
        }
        const value = Reflect.get(target, prop, target) as unknown;
        return typeof value === "function" ? (value as (...args: unknown[]) => unknown).bind(target) : value;
      },
    });

    // Handed to the procedure context: the tRPC middleware sets Retry-After on it.
    const resHeaders = new Headers();
    contexts.set(adapterRequest, () => createContext({ req, resHeaders }));
    let response: Response;
    try {
      response = await captureResponse((res) => handler(adapterRequest as never, res));
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

/** The body as the adapter's fetch adapter would parse it: JSON when declared as JSON, else left to its 415. */
function parseJsonBody(hasBody: boolean, headers: Headers, text: string): { ok: true; data: unknown } | { ok: false; cause: unknown } {
  if (!hasBody || !headers.get("content-type")?.includes("application/json")) return { ok: true, data: undefined };
  try {
    return { ok: true, data: JSON.parse(text) as unknown };
  } catch (cause) {
    return { ok: false, cause };
  }
}

/** The REST surface of CONTRACT.md: the tRPC routers' procedures that carry `meta.openapi`. */
export const handleRestRequest = createRestHandler(appRouter);
