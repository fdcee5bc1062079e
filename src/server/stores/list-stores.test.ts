import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { stores } from "~/server/db/schema";
import { createTestDatabase, type TestDatabase } from "~/test/test-database";
import { callerFor } from "~/test/messaging-fixtures";
import { listStores } from "./list-stores";

let t: TestDatabase;
beforeAll(async () => {
  t = await createTestDatabase();
});
afterAll(() => t.close());

describe("stores.list", () => {
  it("lists every store by name, then id", async () => {
    await t.db.insert(stores).values([
      { id: "zz-east", name: "East" },
      { id: "aa-east", name: "East" },
    ]);
    const listed = await callerFor(t, "admin@demo.test").stores.list();
    expect(listed.map((s) => s.name)).toEqual([...listed.map((s) => s.name)].sort((a, b) => a.localeCompare(b)));
    expect(listed.filter((s) => s.name === "East").map((s) => s.id)).toEqual(["aa-east", "zz-east"]);
    expect(listed.map((s) => s.id)).toEqual(expect.arrayContaining(["north", "south"]));
  });

  it("is for admins only, in the procedure and in the domain function", async () => {
    for (const who of ["alice@demo.test", "rita@demo.test", "sid@demo.test"]) {
      await expect(callerFor(t, who).stores.list()).rejects.toMatchObject({ code: "FORBIDDEN" });
      await expect(listStores(t.db, t.actor(who))).rejects.toMatchObject({ code: "FORBIDDEN" });
    }
  });
});
