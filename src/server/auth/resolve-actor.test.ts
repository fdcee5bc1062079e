import type * as NextAuthModule from "next-auth";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { createTestDatabase, type TestDatabase } from "~/test/test-database";
import { noRequestMeta } from "../audit/write-audit";
import { createApiToken } from "../api-tokens/api-tokens";

// The session cookie's user, as next-auth would decode it for this request.
const session = vi.hoisted(() => ({ user: null as unknown }));
vi.mock("next-auth", async (importOriginal) => ({
  ...(await importOriginal<typeof NextAuthModule>()),
  getServerSession: () => Promise.resolve(session.user ? { user: session.user, expires: "2999-01-01T00:00:00.000Z" } : null),
}));

let t: TestDatabase;
beforeAll(async () => {
  t = await createTestDatabase();
  session.user = t.actor("bob@demo.test");
});
afterAll(() => t.close());

describe("resolveActor", () => {
  it("leaves a Basic authorization (a staging proxy's) to the session cookie", async () => {
    const { resolveActor } = await import("./resolve-actor");
    const headers = new Headers({ authorization: "Basic c3RhZ2luZzpzZWNyZXQ=", cookie: "next-auth.session-token=x" });
    expect(await resolveActor(t.db, headers)).toMatchObject({ email: "bob@demo.test" });
  });

  it("takes a Bearer token as the caller, and a bad one as no caller, never falling back to the cookie", async () => {
    const { resolveActor } = await import("./resolve-actor");
    const { token } = await createApiToken(t.db, t.actor("rita@demo.test"), { name: "resolve" }, noRequestMeta);
    expect(await resolveActor(t.db, new Headers({ authorization: `Bearer ${token}` }))).toMatchObject({ email: "rita@demo.test" });
    for (const authorization of ["Bearer olt_wrong", "Bearer", "bearer  "])
      expect(await resolveActor(t.db, new Headers({ authorization, cookie: "next-auth.session-token=x" })), authorization).toBeNull();
  });
});
