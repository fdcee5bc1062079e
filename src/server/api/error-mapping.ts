import { TRPCError } from "@trpc/server";
import { DomainError } from "../errors";
import { domainErrorCodes } from "../http/domain-error-codes";

/**
 * Postgres' class 22 ("data exception": a value out of range, an impossible date, a NUL in text)
 * is always caused by a value the caller sent. Drizzle wraps the driver's error, so the cause
 * chain is searched.
 */
export function isDatabaseDataException(error: unknown): boolean {
  return hasSqlState(error, (code) => /^22[0-9A-Z]{3}$/.test(code));
}

/**
 * 57014 (query_canceled): the pool's statement_timeout cut a statement short. The request was
 * fine and the server busy, so it is a 503 to retry, not a 500.
 */
export function isStatementTimeout(error: unknown): boolean {
  return hasSqlState(error, (code) => code === "57014");
}

function hasSqlState(error: unknown, matches: (code: string) => boolean): boolean {
  for (let e = error, depth = 0; e && depth < 5; e = (e as { cause?: unknown }).cause, depth++) {
    const code = (e as { code?: unknown }).code;
    if (typeof code === "string" && matches(code)) return true;
  }
  return false;
}

/** The one place domain refusals (and values the database refused) become tRPC, and so HTTP, errors. */
export function toTRPCError(error: unknown): unknown {
  if (error instanceof DomainError) {
    return new TRPCError({ code: domainErrorCodes[error.code].trpc, message: error.message, cause: error });
  }
  if (isDatabaseDataException(error)) {
    return new TRPCError({ code: "BAD_REQUEST", message: "Invalid input value", cause: error });
  }
  if (isStatementTimeout(error)) {
    return new TRPCError({ code: "SERVICE_UNAVAILABLE", message: "The database took too long to answer; try again", cause: error });
  }
  return error;
}
