import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestDatabase, type TestDatabase } from "~/test/test-database";
import { users } from "../db/schema";
import { DEMO_PASSWORD } from "../db/seed";
import { createRateLimiter } from "../rate-limit/rate-limiter";
import { createCredentialsVerifier, loadActor, SignInLockedError } from "./credentials";

let t: TestDatabase;
beforeAll(async () => {
  t = await createTestDatabase();
});
afterAll(() => t.close());

const verifierWithLimit = (limit: number) => createCredentialsVerifier(createRateLimiter({ limit, windowMs: 60_000 }));

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

describe("loadActor", () => {
  it("reads the user's current scope, so a session follows a change of store", async () => {
    const sam = t.actor("sam@demo.test");
    await t.db.update(users).set({ storeId: "north" }).where(eq(users.id, sam.id));
    expect(await loadActor(t.db, sam.id)).toMatchObject({ role: "reseller", storeId: "north" });
    expect(await loadActor(t.db, "00000000-0000-4000-8000-000000000000")).toBeNull();
  });
});
