import { errorCodeForStatus } from "../../http/domain-error-codes";
import { OUTPUT_VALIDATION_FAILED } from "../trpc";

/**
 * The contract's error body: `{error: {code, message, issues?}}`, `code` a string such as
 * BAD_REQUEST. trpc-to-openapi answers with its own shape (tRPC's error shape spread at the top
 * level); this turns that, or anything else that comes back as an error, into ours.
 */
export interface RestErrorBody {
  error: { code: string; message: string; issues?: unknown[] };
}


export function restErrorResponse(status: number, error: RestErrorBody["error"], headers?: Headers): Response {
  const responseHeaders = new Headers(headers);
  responseHeaders.set("Content-Type", "application/json");
  responseHeaders.delete("Content-Length");
  return new Response(JSON.stringify({ error } satisfies RestErrorBody), { status, headers: responseHeaders });
}

/**
 * Rebuilds an error response of the OpenAPI adapter in the contract's shape. A 5xx says nothing
 * but "Internal server error": the adapter's message may come from any thrown Error.
 */
export async function reshapeErrorResponse(response: Response): Promise<Response> {
  const upstream = (await response.json().catch(() => ({}))) as {
    code?: unknown;
    message?: unknown;
    issues?: unknown;
    data?: { zodIssues?: unknown };
  };
  const status = response.status;
  // Our output broke its own schema (the error formatter's message): the issues, as tRPC gives them.
  if (status >= 500 && upstream.message === OUTPUT_VALIDATION_FAILED && Array.isArray(upstream.data?.zodIssues)) {
    return restErrorResponse(
      status,
      { code: "INTERNAL_SERVER_ERROR", message: OUTPUT_VALIDATION_FAILED, issues: upstream.data.zodIssues },
      response.headers,
    );
  }
  if (status >= 500) {
    return restErrorResponse(status, { code: "INTERNAL_SERVER_ERROR", message: "Internal server error" }, response.headers);
  }
  // The contract knows no 415: a body that is not JSON is invalid input like any other.
  if (status === 415) {
    return restErrorResponse(400, { code: "BAD_REQUEST", message: "Request body must be JSON (Content-Type: application/json)" }, response.headers);
  }
  // PARSE_ERROR is tRPC's name for a body that is not JSON; integrators know it as a bad request.
  const upstreamCode = typeof upstream.code === "string" && upstream.code !== "PARSE_ERROR" ? upstream.code : undefined;
  const code = upstreamCode ?? errorCodeForStatus[status] ?? "BAD_REQUEST";
  const message =
    upstream.code === "PARSE_ERROR"
      ? "Request body is not valid JSON"
      : typeof upstream.message === "string"
        ? upstream.message
        : "Request refused";
  const issues = Array.isArray(upstream.issues) ? { issues: upstream.issues } : {};
  return restErrorResponse(status, { code, message, ...issues }, response.headers);
}
