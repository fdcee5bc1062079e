import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { stores } from "~/server/db/schema";
import { createTestDatabase, type TestDatabase } from "~/test/test-database";
import { listStores } from "./list-stores";

let t: TestDatabase;
beforeAll(async () => {
  t = await createTestDatabase();
});
afterAll(() => t.close());

describe("listStores", () => {
  it("lists every store by name, then id", async () => {
    await t.db.insert(stores).values([
      { id: "zz-east", name: "East" },
      { id: "aa-east", name: "East" },
    ]);
    const listed = await listStores(t.db);
    expect(listed.map((s) => s.name)).toEqual([...listed.map((s) => s.name)].sort((a, b) => a.localeCompare(b)));
    expect(listed.filter((s) => s.name === "East").map((s) => s.id)).toEqual(["aa-east", "zz-east"]);
    expect(listed.map((s) => s.id)).toEqual(expect.arrayContaining(["north", "south"]));
  });
});
