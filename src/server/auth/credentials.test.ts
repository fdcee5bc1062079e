import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { createTestDatabase, type TestDatabase } from "~/test/test-database";
import { users } from "../db/schema";
import { DEMO_PASSWORD } from "../db/seed";
import { createRateLimiter } from "../rate-limit/rate-limiter";
import { loadActor } from "./actor-cache";
import type * as PasswordModule from "./password";
import { createCredentialsVerifier, SIGNIN_ADDRESS_LOCKED_MESSAGE, SignInLockedError } from "./credentials";

// Counts the argon2 verifications, so "the same work" is asserted, not timed on a shared machine.
const verifications = vi.hoisted(() => ({ hashes: [] as string[] }));
vi.mock("./password", async (importOriginal) => {
  const real = await importOriginal<typeof PasswordModule>();
  return {
    ...real,
    verifyPassword: (hash: string, password: string) => {
      verifications.hashes.push(hash);
      return real.verifyPassword(hash, password);
    },
  };
});

let t: TestDatabase;
beforeAll(async () => {
  t = await createTestDatabase();
});
afterAll(() => t.close());

let verifiers = 0;
/**
 * A verifier with limits of its own, so one test's attempts never count in another's. Its clock
 * stands still unless a test moves it: a slow machine cannot let a window pass mid-test.
 */
function verifierWithLimit(perAccount: number, perAddress = 100, clock = { now: 1_000_000 }) {
  const name = `test-${++verifiers}`;
  const now = () => clock.now;
  return createCredentialsVerifier({
    perAccount: createRateLimiter({ name: `${name}-account`, limit: perAccount, windowMs: 60_000, now }),
    perAddress: createRateLimiter({ name: `${name}-address`, limit: perAddress, windowMs: 60_000, now }),
  });
}

describe("verifyCredentials", () => {
  it("signs a demo user in as their actor, whatever the email's case, and refuses a wrong password", async () => {
    const verify = verifierWithLimit(10);
    const actor = await verify(t.db, { email: " Rita@Demo.TEST ", password: DEMO_PASSWORD });
    expect(actor).toMatchObject({ email: "rita@demo.test", role: "reseller", storeId: "north", supplierId: null });
    expect(await verify(t.db, { email: "rita@demo.test", password: "wrong" })).toBeNull();
    expect(await verify(t.db, { email: "nobody@demo.test", password: DEMO_PASSWORD })).toBeNull();
    expect(await verify(t.db, { email: "not an email", password: "x" })).toBeNull();
  });

  it("gives a parallel burst no more guesses than the limit, then refuses even the right password", async () => {
    const verify = verifierWithLimit(5);
    const outcomes = await Promise.all(
      Array.from({ length: 30 }, (_, i) =>
        verify(t.db, { email: "bob@demo.test", password: i === 29 ? DEMO_PASSWORD : `guess-${i}` }).then(
          (actor) => (actor ? "signed-in" : "wrong"),
          (error: unknown) => (error instanceof SignInLockedError ? "locked" : "error"),
        ),
      ),
    );
    expect(outcomes.filter((o) => o === "wrong")).toHaveLength(5);
    expect(outcomes.filter((o) => o === "locked")).toHaveLength(25);
    await expect(verify(t.db, { email: "bob@demo.test", password: DEMO_PASSWORD })).rejects.toBeInstanceOf(SignInLockedError);
    // Other accounts are not affected.
    expect(await verify(t.db, { email: "alice@demo.test", password: DEMO_PASSWORD })).not.toBeNull();
  });

  it("clears an account's count after a successful sign-in", async () => {
    const verify = verifierWithLimit(3);
    await verify(t.db, { email: "sue@demo.test", password: "wrong" });
    await verify(t.db, { email: "sue@demo.test", password: "wrong" });
    expect(await verify(t.db, { email: "sue@demo.test", password: DEMO_PASSWORD })).not.toBeNull();
    expect(await verify(t.db, { email: "sue@demo.test", password: "wrong" })).toBeNull();
    expect(await verify(t.db, { email: "sue@demo.test", password: DEMO_PASSWORD })).not.toBeNull();
  });
});

describe("verifyCredentials does the same work for every refusal", () => {
  it("verifies one argon2 hash for an unknown address, a user without a password and a disabled user, like a wrong password", async () => {
    const verify = verifierWithLimit(100);
    const [noPassword] = await t.db.insert(users).values({ email: "nopass@demo.test", name: "No Password", role: "customer" }).returning();
    expect(noPassword).toBeDefined();
    const attempts: Array<[string, string]> = [
      ["bob@demo.test", "wrong"],
      ["nobody@demo.test", "wrong"],
      ["nopass@demo.test", DEMO_PASSWORD],
    ];
    for (const [email, password] of attempts) {
      verifications.hashes.length = 0;
      expect(await verify(t.db, { email, password })).toBeNull();
      expect(verifications.hashes, email).toHaveLength(1);
      expect(verifications.hashes[0]).toMatch(/^\$argon2id\$v=19\$m=19456,t=2,p=1\$/);
    }
  });

  it("refuses a disabled user even with the right password, and signs them in again once enabled", async () => {
    const verify = verifierWithLimit(100);
    await t.db.update(users).set({ disabledAt: new Date() }).where(eq(users.email, "sid@demo.test"));
    verifications.hashes.length = 0;
    expect(await verify(t.db, { email: "sid@demo.test", password: DEMO_PASSWORD })).toBeNull();
    expect(verifications.hashes).toHaveLength(1);
    await t.db.update(users).set({ disabledAt: null }).where(eq(users.email, "sid@demo.test"));
    expect(await verify(t.db, { email: "sid@demo.test", password: DEMO_PASSWORD })).not.toBeNull();
  });
});

describe("verifyCredentials per client address", () => {
  it("counts an IPv6 /64 as one address, so hopping inside it gains nothing", async () => {
    const verify = verifierWithLimit(100, 2);
    expect(await verify(t.db, { email: "alice@demo.test", password: "wrong" }, "2001:db8:1:2::a")).toBeNull();
    expect(await verify(t.db, { email: "bob@demo.test", password: "wrong" }, "2001:db8:1:2:ffff::b")).toBeNull();
    await expect(verify(t.db, { email: "rita@demo.test", password: "wrong" }, "2001:db8:1:2::c")).rejects.toThrow(SIGNIN_ADDRESS_LOCKED_MESSAGE);
    // The neighbouring /64 is someone else.
    expect(await verify(t.db, { email: "rita@demo.test", password: "wrong" }, "2001:db8:1:3::c")).toBeNull();
  });

  it("lets an address try again once its failures leave the window", async () => {
    const clock = { now: 1_000_000 };
    const verify = verifierWithLimit(100, 1, clock);
    expect(await verify(t.db, { email: "alice@demo.test", password: "wrong" }, "198.51.100.77")).toBeNull();
    await expect(verify(t.db, { email: "alice@demo.test", password: DEMO_PASSWORD }, "198.51.100.77")).rejects.toThrow(
      SIGNIN_ADDRESS_LOCKED_MESSAGE,
    );
    clock.now += 60_001;
    expect(await verify(t.db, { email: "alice@demo.test", password: DEMO_PASSWORD }, "198.51.100.77")).not.toBeNull();
  });

  it("holds an address that fails across many accounts, counting failures only", async () => {
    const verify = verifierWithLimit(10, 3);
    const from = (address: string, email: string, password: string) => verify(t.db, { email, password }, address);
    // Successes from a shared office address do not count.
    for (let i = 0; i < 5; i++) expect(await from("203.0.113.7", "alice@demo.test", DEMO_PASSWORD)).not.toBeNull();
    for (const email of ["alice@demo.test", "bob@demo.test", "rita@demo.test"])
      expect(await from("203.0.113.7", email, "wrong")).toBeNull();
    // Now held, whatever the account and even with the right password...
    await expect(from("203.0.113.7", "sam@demo.test", DEMO_PASSWORD)).rejects.toThrow(SIGNIN_ADDRESS_LOCKED_MESSAGE);
    // ...while another address and a request with no address are not.
    expect(await from("198.51.100.2", "sam@demo.test", DEMO_PASSWORD)).not.toBeNull();
    expect(await verify(t.db, { email: "sam@demo.test", password: DEMO_PASSWORD }, null)).not.toBeNull();
  });

  it("gives a parallel burst from one address no more failures than the limit", async () => {
    const verify = verifierWithLimit(100, 3);
    const emails = ["alice@demo.test", "bob@demo.test", "rita@demo.test", "sam@demo.test", "sid@demo.test", "sue@demo.test"];
    const outcomes = await Promise.all(
      Array.from({ length: 30 }, (_, i) =>
        verify(t.db, { email: emails[i % emails.length], password: `guess-${i}` }, "203.0.113.9").then(
          () => "checked",
          (error: unknown) => (error instanceof SignInLockedError ? "locked" : "error"),
        ),
      ),
    );
    expect(outcomes.filter((o) => o === "checked")).toHaveLength(3);
    expect(outcomes.filter((o) => o === "locked")).toHaveLength(27);
  });

  it("refuses an address too long to be one without touching the limits", async () => {
    const verify = verifierWithLimit(1, 1);
    const long = `${"a".repeat(3000)}@demo.test`;
    for (let i = 0; i < 3; i++) expect(await verify(t.db, { email: long, password: "x" }, "203.0.113.10")).toBeNull();
    expect(await verify(t.db, { email: "alice@demo.test", password: DEMO_PASSWORD }, "203.0.113.10")).not.toBeNull();
  });

  it("leaves room for 30 sign-ins a minute from one address with the default limits", async () => {
    const { env } = await import("~/env");
    expect(env.SIGNIN_FAILURES_PER_ADDRESS).toBeGreaterThanOrEqual(30);
    expect(env.SIGNIN_ADDRESS_WINDOW_SECONDS).toBeLessThanOrEqual(60);
  });
});

describe("loadActor", () => {
  it("reads the user's current scope, so a session follows a change of store", async () => {
    const sam = t.actor("sam@demo.test");
    await t.db.update(users).set({ storeId: "north" }).where(eq(users.id, sam.id));
    expect(await loadActor(t.db, sam.id)).toMatchObject({ role: "reseller", storeId: "north" });
    expect(await loadActor(t.db, "00000000-0000-4000-8000-000000000000")).toBeNull();
  });
});
