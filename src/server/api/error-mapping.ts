import { TRPCError } from "@trpc/server";
import { DomainError } from "../errors";
import { domainErrorCodes } from "../http/domain-error-codes";

/**
 * Postgres' class 22 ("data exception": a value out of range, an impossible date, a NUL in text)
 * is always caused by a value the caller sent. Drizzle wraps the driver's error, so the cause
 * chain is searched.
 */
export function isDatabaseDataException(error: unknown): boolean {
  for (let e = error, depth = 0; e && depth < 5; e = (e as { cause?: unknown }).cause, depth++) {
    const code = (e as { code?: unknown }).code;
    if (typeof code === "string" && /^22[0-9A-Z]{3}$/.test(code)) return true;
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
  return error;
}
