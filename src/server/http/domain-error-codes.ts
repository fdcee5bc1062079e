import type { TRPC_ERROR_CODE_KEY } from "@trpc/server/rpc";
import type { DomainErrorCode } from "../errors";

/**
 * The one table from a domain refusal to its tRPC code and HTTP status (and the `code` string of
 * the contract's error body, which is the tRPC code's name). tRPC derives its HTTP status from the
 * code by its own table; domain-error-codes.test.ts holds the two to agreement.
 */
export const domainErrorCodes: Record<DomainErrorCode, { trpc: TRPC_ERROR_CODE_KEY; status: number }> = {
  INVALID: { trpc: "BAD_REQUEST", status: 400 },
  UNAUTHORIZED: { trpc: "UNAUTHORIZED", status: 401 },
  FORBIDDEN: { trpc: "FORBIDDEN", status: 403 },
  NOT_FOUND: { trpc: "NOT_FOUND", status: 404 },
  CONFLICT: { trpc: "CONFLICT", status: 409 },
  TOO_LARGE: { trpc: "PAYLOAD_TOO_LARGE", status: 413 },
  RATE_LIMITED: { trpc: "TOO_MANY_REQUESTS", status: 429 },
};

/**
 * The contract's `code` for an HTTP status that reached a client without a code of its own (the
 * OpenAPI adapter's answers): the table above read backwards, and the adapter's 405.
 */
export const errorCodeForStatus: Readonly<Record<number, string>> = {
  ...Object.fromEntries(Object.values(domainErrorCodes).map(({ trpc, status }) => [status, trpc])),
  405: "METHOD_NOT_SUPPORTED",
};
