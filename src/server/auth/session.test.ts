import { eq } from "drizzle-orm";
import type { Session, User } from "next-auth";
import type { JWT } from "next-auth/jwt";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { createTestDatabase, type TestDatabase } from "~/test/test-database";
import { parseActor } from "../access";
import { actorFromUser } from "../api-tokens/api-tokens";
import { users } from "../db/schema";

let t: TestDatabase;
beforeAll(async () => {
  t = await createTestDatabase();
});
afterAll(() => t.close());

// The session callbacks read the app's database; point it at this file's.
vi.mock("../db", () => ({ getDb: () => Promise.resolve(t.db) }));
vi.mock("server-only", () => ({}));

async function callbacks() {
  const { authOptions } = await import("./options");
  const { jwt, session } = authOptions.callbacks ?? {};
  if (!jwt || !session) throw new Error("callbacks missing");
  return {
    jwt: (token: JWT, user?: User) => jwt({ token, user: user as User, account: null, trigger: user ? "signIn" : "update" } as never),
    session: (token: JWT) =>
      session({ session: { expires: "2999-01-01T00:00:00.000Z", user: { name: "x", email: "x@x" } } as Session, token } as never) as Promise<Session>,
  };
}

describe("a session whose user is removed", () => {
  it("ends up with no user, and no actor reaches the policy", async () => {
    const [row] = await t.db.insert(users).values({ email: "gone@session.test", name: "Gone", role: "reseller", storeId: "south" }).returning();
    if (!row) throw new Error("no user");
    const { jwt, session } = await callbacks();

    const token = await jwt({}, actorFromUser(row) as unknown as User);
    expect(parseActor((await session(token)).user)).toMatchObject({ email: "gone@session.test", role: "reseller", storeId: "south" });

    await t.db.delete(users).where(eq(users.id, row.id));
    const stale = await jwt({ ...token, actorCheckedAt: 0 });
    const after = await session(stale);
    expect(after.user).toBeUndefined();
    expect(parseActor(after.user)).toBeNull();
  });

  it("parseActor refuses anything that is not a whole actor", () => {
    const actor = t.actor("rita@demo.test");
    expect(parseActor(actor)).toEqual(actor);
    expect(parseActor({ name: "Gone", email: "gone@x.test" })).toBeNull();
    expect(parseActor({ ...actor, role: "owner" })).toBeNull();
    expect(parseActor({ ...actor, storeId: undefined })).toBeNull();
    expect(parseActor(null)).toBeNull();
  });
});
