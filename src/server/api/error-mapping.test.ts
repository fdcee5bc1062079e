import { getHTTPStatusCodeFromError } from "@trpc/server/http";
import { TRPCError } from "@trpc/server";
import postgres from "postgres";
import { describe, expect, inject, it } from "vitest";
import { isStatementTimeout, toTRPCError } from "./error-mapping";

describe("a statement cut short by statement_timeout", () => {
  const target = inject("testDatabase");

  it.runIf(target.kind === "postgres")("is a 503 to retry, not a 500 (a real 57014 from PostgreSQL)", async () => {
    if (target.kind !== "postgres") return;
    const sql = postgres(target.adminUrl, { max: 1, onnotice: () => {}, connection: { statement_timeout: 50 } });
    const error = await sql`select pg_sleep(1)`.then(
      () => null,
      (e: unknown) => e,
    );
    await sql.end();
    // Drizzle wraps the driver's error: the code is found down the cause chain.
    const wrapped = new Error("Failed query: select pg_sleep(1)", { cause: error });
    expect(isStatementTimeout(wrapped)).toBe(true);
    const mapped = toTRPCError(wrapped);
    expect(mapped).toBeInstanceOf(TRPCError);
    expect((mapped as TRPCError).code).toBe("SERVICE_UNAVAILABLE");
    expect(getHTTPStatusCodeFromError(mapped as TRPCError)).toBe(503);
  });

  it("leaves other failures alone", () => {
    const other = new Error("boom", { cause: { code: "57P01" } });
    expect(isStatementTimeout(other)).toBe(false);
    expect(toTRPCError(other)).toBe(other);
  });
});
