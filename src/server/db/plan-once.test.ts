import { sql } from "drizzle-orm";
import { describe, expect, inject, it } from "vitest";
import { connectPglite, connectPostgres, planOnce, queryRows } from "./client";

const target = inject("testDatabase");

const planCacheMode = async (db: Parameters<typeof queryRows>[0]) =>
  (await queryRows<{ mode: string }>(db, sql`select current_setting('plan_cache_mode') as mode`))[0]?.mode;

describe.runIf(target.kind === "postgres")("planOnce on the PostgreSQL pool", () => {
  it("sends a statement to connections that keep a generic plan; everything else is planned per call", async () => {
    if (target.kind !== "postgres") throw new Error("unreachable");
    const handle = connectPostgres(target.adminUrl, { max: 1 });
    try {
      expect(await planCacheMode(handle.db)).toBe("force_custom_plan");
      expect(await planCacheMode(planOnce(handle.db))).toBe("force_generic_plan");
    } finally {
      await handle.close();
    }
  });

  it("keeps a statement inside a transaction on that transaction's connection", async () => {
    if (target.kind !== "postgres") throw new Error("unreachable");
    const handle = connectPostgres(target.adminUrl, { max: 2 });
    try {
      await handle.db.transaction(async (tx) => {
        const txid = sql`select txid_current()::text as id`;
        expect(planOnce(tx)).toBe(tx);
        expect(await queryRows(planOnce(tx), txid)).toEqual(await queryRows(tx, txid));
      });
    } finally {
      await handle.close();
    }
  });
});

describe("planOnce on PGlite", () => {
  it("is the database itself: one connection, planned as before", async () => {
    const handle = await connectPglite();
    try {
      expect(planOnce(handle.db)).toBe(handle.db);
    } finally {
      await handle.close();
    }
  });
});
