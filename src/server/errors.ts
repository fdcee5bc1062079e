/**
 * The few ways a domain function refuses. One table (server/http/domain-error-codes.ts) turns them
 * into tRPC codes and HTTP statuses; domain code never imports tRPC.
 */
export type DomainErrorCode =
  | "NOT_FOUND"
  | "FORBIDDEN"
  | "CONFLICT"
  | "INVALID"
  | "TOO_LARGE"
  | "RATE_LIMITED"
  | "UNAUTHORIZED";

export class DomainError extends Error {
  constructor(
    readonly code: DomainErrorCode,
    message: string,
    readonly details: { retryAfterSeconds?: number } = {},
  ) {
    super(message);
    this.name = "DomainError";
  }
}

/** Also used when the caller may not see the order: absence and refusal look the same. */
export const notFound = (what = "Order") => new DomainError("NOT_FOUND", `${what} not found`);
export const forbidden = (message: string) => new DomainError("FORBIDDEN", message);
export const conflict = (message: string) => new DomainError("CONFLICT", message);
export const invalid = (message: string) => new DomainError("INVALID", message);
export const tooLarge = (message: string) => new DomainError("TOO_LARGE", message);
export const rateLimited = (retryAfterSeconds: number) =>
  new DomainError("RATE_LIMITED", `Too many requests: try again in ${retryAfterSeconds} s`, { retryAfterSeconds });
