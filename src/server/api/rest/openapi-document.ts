import "server-only";
import { generateOpenApiDocument, type OpenAPIObject, type OpenApiMeta, type OpenApiRouter } from "trpc-to-openapi";
import { appRouter } from "../root";
import { createdStatusProcedures } from "./handle-rest-request";

/** The version of the REST contract (CONTRACT.md), not of the app's package. */
export const REST_API_VERSION = "1.0.0";

/** NextAuth v4's cookie name over plain HTTP; over HTTPS it carries the `__Secure-` prefix. */
const SESSION_COOKIE = "next-auth.session-token";

type Operation = { responses?: Record<string, unknown>; requestBody?: unknown };

const errorResponse = (description: string, headers?: Record<string, { description: string; schema: { type: "integer" } }>) => ({
  description,
  ...(headers ? { headers } : {}),
  content: { "application/json": { schema: { $ref: "#/components/schemas/Error" } } },
});

/**
 * The error answers every operation may give, in the contract's `{error: {code, message}}` shape.
 * trpc-to-openapi documents its own top-level `{message, code}` shape, which the REST handler
 * never sends, so its error responses are replaced by these.
 */
function contractErrorResponses(operation: Operation, method: string): Record<string, unknown> {
  return {
    "400": { $ref: "#/components/responses/BadRequest" },
    "401": { $ref: "#/components/responses/Unauthorized" },
    "403": { $ref: "#/components/responses/Forbidden" },
    "404": { $ref: "#/components/responses/NotFound" },
    ...(method === "patch" ? { "409": { $ref: "#/components/responses/Conflict" } } : {}),
    ...(operation.requestBody !== undefined ? { "413": { $ref: "#/components/responses/PayloadTooLarge" } } : {}),
    ...(method === "post" ? { "429": { $ref: "#/components/responses/TooManyRequests" } } : {}),
    "500": { $ref: "#/components/responses/InternalServerError" },
  };
}

/** Where each REST operation lives: "messages.send" → "post /orders/{orderNumber}/messages". */
function operationsOf(router: OpenApiRouter): { procedurePath: string; method: string; path: string }[] {
  const procedures = router._def.procedures as Record<string, { _def: { meta?: OpenApiMeta } }>;
  return Object.entries(procedures).flatMap(([procedurePath, procedure]) => {
    const openapi = procedure._def.meta?.openapi;
    if (!openapi || openapi.enabled === false) return [];
    return [{ procedurePath, method: openapi.method.toLowerCase(), path: `/${openapi.path.replace(/^\/|\/$/g, "")}` }];
  });
}

/** The OpenAPI 3.1 document of the REST surface, served at GET /api/openapi.json. */
export function buildOpenApiDocument(options: { baseUrl: string }, router: OpenApiRouter = appRouter): OpenAPIObject {
  const document = generateOpenApiDocument(router, {
    title: "Orderline API",
    description:
      "Order conversations over REST: the same procedures as the app's tRPC routers. Authenticate with " +
      "`Authorization: Bearer <api token>` or the NextAuth session cookie. Errors are `{error: {code, message, issues?}}`.",
    version: REST_API_VERSION,
    baseUrl: options.baseUrl,
    securitySchemes: {
      bearerToken: { type: "http", scheme: "bearer", description: "An Orderline API token (olt_…)." },
      sessionCookie: { type: "apiKey", in: "cookie", name: SESSION_COOKIE, description: "A signed-in browser session." },
    },
  });

  const created = new Set(
    operationsOf(router)
      .filter((op) => createdStatusProcedures.has(op.procedurePath))
      .map((op) => `${op.method} ${op.path}`),
  );
  for (const [path, item] of Object.entries(document.paths ?? {})) {
    for (const [method, operation] of Object.entries(item as Record<string, Operation>)) {
      const success = operation.responses?.["200"];
      const successStatus = created.has(`${method} ${path}`) ? "201" : "200";
      operation.responses = { [successStatus]: success, ...contractErrorResponses(operation, method) };
    }
  }

  const components = (document.components ??= {});
  // The adapter's own error schemas ("error.NOT_FOUND", …) are no longer referenced.
  const schemas = Object.fromEntries(Object.entries(components.schemas ?? {}).filter(([name]) => !name.startsWith("error.")));
  components.schemas = {
    ...schemas,
    Error: {
      type: "object",
      required: ["error"],
      properties: {
        error: {
          type: "object",
          required: ["code", "message"],
          properties: {
            code: { type: "string", description: "BAD_REQUEST, UNAUTHORIZED, FORBIDDEN, NOT_FOUND, …", example: "NOT_FOUND" },
            message: { type: "string", example: "Order not found" },
            issues: { type: "array", description: "The zod issues of an invalid input (400 only).", items: { type: "object" } },
          },
        },
      },
    },
  };
  components.responses = {
    ...components.responses,
    BadRequest: errorResponse("Invalid input, with the zod issues."),
    Unauthorized: errorResponse("No session and no valid API token."),
    Forbidden: errorResponse("The caller's role may not do this (e.g. an admin-only operation)."),
    NotFound: errorResponse("Unknown order or message — also the answer for an order the caller may not see."),
    Conflict: errorResponse("The change conflicts with the current state."),
    PayloadTooLarge: errorResponse("The request body is too large."),
    TooManyRequests: errorResponse("Rate limited.", {
      "Retry-After": { description: "Seconds to wait before retrying.", schema: { type: "integer" } },
    }),
    InternalServerError: errorResponse("Unexpected failure; details are logged on the server, never sent."),
  };
  return document;
}
