import { encode } from "next-auth/jwt";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { createTestDatabase, type TestDatabase } from "~/test/test-database";
import type { Actor } from "../access";
import { noRequestMeta } from "../audit/write-audit";
import { createApiToken } from "../api-tokens/api-tokens";
import { authOptions } from "./options";
import { createSessionCookieReader } from "./session-cookie";

vi.mock("server-only", () => ({}));

let t: TestDatabase;
beforeAll(async () => {
  t = await createTestDatabase();
});
afterAll(() => t.close());

/** A session cookie as NextAuth's sign-in writes it (the jwt callback puts the actor in the token). */
const sessionCookie = async (actor: Actor, { secret = authOptions.secret!, maxAge = 60 * 60 } = {}) =>
  `next-auth.session-token=${await encode({ token: { actor, sub: actor.id }, secret, maxAge })}`;

describe("resolveActor", () => {
  it("takes the session cookie's user, with their current actor", async () => {
    const { resolveActor } = await import("./resolve-actor");
    const headers = new Headers({ cookie: `other=1; ${await sessionCookie(t.actor("bob@demo.test"))}` });
    expect(await resolveActor(t.db, headers)).toMatchObject({ email: "bob@demo.test", role: "customer" });
    expect(await resolveActor(t.db, new Headers())).toBeNull();
  });

  it("leaves a Basic authorization (a staging proxy's) to the session cookie", async () => {
    const { resolveActor } = await import("./resolve-actor");
    const headers = new Headers({ authorization: "Basic c3RhZ2luZzpzZWNyZXQ=", cookie: await sessionCookie(t.actor("bob@demo.test")) });
    expect(await resolveActor(t.db, headers)).toMatchObject({ email: "bob@demo.test" });
  });

  it("takes a Bearer token as the caller, and a bad one as no caller, never falling back to the cookie", async () => {
    const { resolveActor } = await import("./resolve-actor");
    const { token } = await createApiToken(t.db, t.actor("rita@demo.test"), { name: "resolve" }, noRequestMeta);
    expect(await resolveActor(t.db, new Headers({ authorization: `Bearer ${token}` }))).toMatchObject({ email: "rita@demo.test" });
    const cookie = await sessionCookie(t.actor("bob@demo.test"));
    for (const authorization of ["Bearer olt_wrong", "Bearer", "bearer  "])
      expect(await resolveActor(t.db, new Headers({ authorization, cookie })), authorization).toBeNull();
  });
});

describe("the session cookie reader", () => {
  const secret = authOptions.secret!;

  it("refuses a cookie sealed with another secret, an expired one and one without a user", async () => {
    const read = createSessionCookieReader({ secret });
    const bob = t.actor("bob@demo.test");
    expect(await read(new Headers({ cookie: await sessionCookie(bob, { secret: "another secret, not ours at all" }) }))).toBeNull();
    expect(await read(new Headers({ cookie: await sessionCookie(bob, { maxAge: -60 }) }))).toBeNull();
    expect(await read(new Headers({ cookie: `next-auth.session-token=${await encode({ token: { sub: bob.id }, secret })}` }))).toBeNull();
    expect(await read(new Headers({ cookie: "next-auth.session-token=not-a-jwe" }))).toBeNull();
  });

  it("remembers a decrypted cookie only until the token's own expiry", async () => {
    let clock = Date.now();
    const read = createSessionCookieReader({ secret, now: () => clock });
    const headers = new Headers({ cookie: await sessionCookie(t.actor("bob@demo.test"), { maxAge: 60 }) });
    expect(await read(headers)).toBe(t.actor("bob@demo.test").id);
    clock += 30_000;
    expect(await read(headers)).toBe(t.actor("bob@demo.test").id);
    clock += 60_000;
    // Past its expiry the cookie is decrypted again, and refused by the token's own exp.
    vi.useFakeTimers({ now: clock, toFake: ["Date"] });
    try {
      expect(await read(headers)).toBeNull();
    } finally {
      vi.useRealTimers();
    }
  });
});
