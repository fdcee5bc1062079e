import { DomainError } from "../errors";
import { domainErrorCodes } from "./domain-error-codes";

/** The contract's error body for route handlers outside tRPC: `{error: {code, message}}`. */
export interface HttpErrorBody {
  error: { code: string; message: string };
}


export function httpErrorResponse(status: number, code: string, message: string, headers?: HeadersInit): Response {
  const responseHeaders = new Headers(headers);
  responseHeaders.set("Content-Type", "application/json");
  responseHeaders.set("Cache-Control", "no-store");
  return new Response(JSON.stringify({ error: { code, message } } satisfies HttpErrorBody), { status, headers: responseHeaders });
}

export const unauthorizedResponse = () => httpErrorResponse(401, "UNAUTHORIZED", "Sign in first");

/**
 * A DomainError as its HTTP answer (Retry-After on 429). Anything else is a bug: logged here,
 * answered as a bare 500 so no message or stack trace reaches the caller.
 */
export function domainErrorResponse(error: unknown): Response {
  if (error instanceof DomainError) {
    const { status, trpc: code } = domainErrorCodes[error.code];
    const retryAfter = error.details.retryAfterSeconds;
    return httpErrorResponse(status, code, error.message, retryAfter ? { "Retry-After": String(retryAfter) } : undefined);
  }
  console.error(error);
  return httpErrorResponse(500, "INTERNAL_SERVER_ERROR", "Internal server error");
}

/** Runs a route handler's body, answering any thrown error in the contract's shape. */
export async function withDomainErrors(handle: () => Promise<Response>): Promise<Response> {
  try {
    return await handle();
  } catch (error) {
    return domainErrorResponse(error);
  }
}
