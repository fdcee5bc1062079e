import { eq } from "drizzle-orm";
import type { Session, User } from "next-auth";
import type { JWT } from "next-auth/jwt";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { createTestDatabase, type TestDatabase } from "~/test/test-database";
import { parseActor } from "../access";
import { actorFromUser } from "../access/actor-from-user";
import { users } from "../db/schema";

let t: TestDatabase;
beforeAll(async () => {
  t = await createTestDatabase();
});
afterAll(() => t.close());

// The callbacks read the app's database; point it at this file's (or at one that fails).
let brokenDb: unknown = null;
vi.mock("../db", () => ({ getDb: () => Promise.resolve(brokenDb ?? t.db) }));
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
    const stale = await jwt({ ...token });
    const after = await session(stale);
    expect(after.user).toBeUndefined();
    expect(parseActor(after.user)).toBeNull();
  });

  it("ends, on its next request, once the user is disabled in this process; enabling brings it back", async () => {
    const { setUserDisabled } = await import("./set-user-disabled");
    const { jwt, session } = await callbacks();
    const token = await jwt({}, t.actor("sue@demo.test") as unknown as User);
    expect(parseActor((await session(await jwt({ ...token }))).user)).toMatchObject({ email: "sue@demo.test" });
    await setUserDisabled(t.db, "sue@demo.test", true);
    expect((await session(await jwt({ ...token }))).user).toBeUndefined();
    await setUserDisabled(t.db, "sue@demo.test", false);
    expect(parseActor((await session(await jwt({ ...token }))).user)).toMatchObject({ email: "sue@demo.test" });
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

describe("authorize", () => {
  async function authorize(credentials: Record<string, string>, headers: Record<string, string> = {}) {
    const { authOptions } = await import("./options");
    const provider = authOptions.providers[0] as unknown as {
      options: { authorize: (c: Record<string, string>, r: { headers: Record<string, string> }) => Promise<unknown> };
    };
    return provider.options.authorize(credentials, { headers });
  }

  it("signs a demo user in, and tells the browser nothing of an internal failure", async () => {
    expect(await authorize({ email: "bob@demo.test", password: "orderline-demo" })).toMatchObject({ email: "bob@demo.test" });
    brokenDb = {
      execute: () => Promise.reject(new Error('Failed query: insert into "rate_limits" params: secret-detail')),
      delete: () => ({ where: () => Promise.resolve() }),
    };
    try {
      const failure = await authorize({ email: "bob@demo.test", password: "orderline-demo" }, { "x-forwarded-for": "203.0.113.5" }).catch(
        (error: unknown) => error as Error,
      );
      expect(failure).toBeInstanceOf(Error);
      expect((failure as Error).message).toBe("Sign-in failed on our side. Please try again in a moment.");
    } finally {
      brokenDb = null;
    }
  });
});
