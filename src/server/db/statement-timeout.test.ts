import { sql } from "drizzle-orm";
import { describe, expect, inject, it } from "vitest";
import { connectPostgres, DEFAULT_STATEMENT_TIMEOUT_MS } from "./client";

const target = inject("testDatabase");

describe.runIf(target.kind === "postgres")("the PostgreSQL pool's statement timeout", () => {
  it("cancels a statement that runs past it, on every connection of the pool", async () => {
    if (target.kind !== "postgres") throw new Error("unreachable");
    const handle = connectPostgres(target.adminUrl, { max: 3, statementTimeoutMs: 200 });
    try {
      const started = Date.now();
      const outcomes = await Promise.allSettled(Array.from({ length: 3 }, () => handle.db.execute(sql`select pg_sleep(3)`)));
      expect(Date.now() - started).toBeLessThan(2_500);
      for (const outcome of outcomes) {
        expect(outcome.status).toBe("rejected");
        const reason = (outcome as PromiseRejectedResult).reason as { cause?: { code?: string } };
        expect(reason.cause?.code ?? (reason as { code?: string }).code).toBe("57014");
      }
      // The pool is still usable afterwards.
      expect(await handle.db.execute(sql`select 1 as one`)).toEqual([{ one: 1 }]);
    } finally {
      await handle.close();
    }
  });

  it("is a few seconds unless configured", async () => {
    if (target.kind !== "postgres") throw new Error("unreachable");
    const handle = connectPostgres(target.adminUrl, { max: 1 });
    try {
      expect(await handle.db.execute(sql`select current_setting('statement_timeout') as value`)).toEqual([
        { value: `${DEFAULT_STATEMENT_TIMEOUT_MS / 1000}s` },
      ]);
    } finally {
      await handle.close();
    }
  });
});
