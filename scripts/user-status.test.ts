import { spawn } from "node:child_process";
import { randomBytes } from "node:crypto";
import path from "node:path";
import { eq } from "drizzle-orm";
import postgres from "postgres";
import { afterAll, describe, expect, inject, it } from "vitest";
import { noRequestMeta } from "../src/server/audit/write-audit";
import { createApiToken, createApiTokenAuthenticator } from "../src/server/api-tokens/api-tokens";
import { createActorCache, loadActor } from "../src/server/auth/actor-cache";
import { createCredentialsVerifier } from "../src/server/auth/credentials";
import { connectPostgres } from "../src/server/db/client";
import { users } from "../src/server/db/schema";
import { DEMO_PASSWORD } from "../src/server/db/seed";
import { createRateLimiter } from "../src/server/rate-limit/rate-limiter";
import { databaseUrl } from "../src/test/database-target";

const repo = path.resolve(import.meta.dirname, "..");
const script = path.join(repo, "scripts", "user-status.ts");
const tsx = path.join(repo, "node_modules", ".bin", "tsx");

function runScript(args: string[], databaseUrl?: string): Promise<{ code: number | null; stdout: string; stderr: string }> {
  const env = { ...process.env };
  delete env.DATABASE_URL;
  if (databaseUrl) env.DATABASE_URL = databaseUrl;
  return new Promise((resolve, reject) => {
    const child = spawn(tsx, [script, ...args], { cwd: repo, env });
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (d: Buffer) => (stdout += d.toString()));
    child.stderr.on("data", (d: Buffer) => (stderr += d.toString()));
    child.on("error", reject);
    child.on("close", (code) => resolve({ code, stdout, stderr }));
  });
}

const target = inject("testDatabase");

describe("scripts/user-status.ts", () => {
  it("explains its usage without touching a database", async () => {
    const usage = await runScript(["disable"], "postgres://nobody@127.0.0.1:1/none");
    expect(usage.code).toBe(2);
    expect(usage.stderr).toContain("Missing --email for disable");
    expect(usage.stderr).toContain("npm run user:enable -- --email <user>");
  });
});

describe.runIf(target.kind === "postgres")("scripts/user-status.ts against PostgreSQL (DATABASE_URL)", () => {
  const name = `orderline_test_user_status_${randomBytes(6).toString("hex")}`;
  const admin = target.kind === "postgres" ? postgres(target.adminUrl, { max: 1, onnotice: () => {} }) : null;
  const url = target.kind === "postgres" ? databaseUrl(target.adminUrl, name) : "";
  afterAll(async () => {
    await admin?.unsafe(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
    await admin?.end();
  });

  it("disables a user by email: no sign-in, no session actor, no API token; enabling restores all three", async () => {
    if (target.kind !== "postgres" || !admin) throw new Error("unreachable");
    await admin.unsafe(`CREATE DATABASE "${name}" TEMPLATE "${target.template}"`);
    const handle = connectPostgres(url, { max: 2 });
    // Fresh caches per check: this test does not follow the database's notices as the app does.
    const tokenWorks = async (token: string) => {
      const actors = createActorCache({ ttlMs: 5_000 });
      return (await createApiTokenAuthenticator({ ttlMs: 5_000, actors }).authenticate(handle.db, token)) !== null;
    };
    const signIn = createCredentialsVerifier({
      perAccount: createRateLimiter({ name: "script-account", limit: 100, windowMs: 60_000 }),
      perAddress: createRateLimiter({ name: "script-address", limit: 100, windowMs: 60_000 }),
    });
    try {
      const [row] = await handle.db.select({ id: users.id }).from(users).where(eq(users.email, "rita@demo.test"));
      const rita = row && (await loadActor(handle.db, row.id));
      if (!rita) throw new Error("no rita");
      const { token } = await createApiToken(handle.db, rita, { name: "before" }, noRequestMeta);

      const disabled = await runScript(["disable", "--email", "Rita@demo.test"], url);
      expect(disabled.stderr).toBe("");
      expect(disabled.code).toBe(0);
      expect(disabled.stdout).toMatch(/^Disabled rita@demo\.test \(since \d{4}-/);
      expect(await signIn(handle.db, { email: "rita@demo.test", password: DEMO_PASSWORD })).toBeNull();
      expect(await loadActor(handle.db, rita.id)).toBeNull();
      expect(await tokenWorks(token)).toBe(false);

      const enabled = await runScript(["enable", "--email", "rita@demo.test"], url);
      expect(enabled.code).toBe(0);
      expect(enabled.stdout).toContain("Enabled rita@demo.test");
      expect(await signIn(handle.db, { email: "rita@demo.test", password: DEMO_PASSWORD })).toMatchObject({ role: "reseller" });
      expect(await loadActor(handle.db, rita.id)).toMatchObject({ storeId: "north" });
      expect(await tokenWorks(token)).toBe(true);

      const unknown = await runScript(["disable", "--email", "nobody@demo.test"], url);
      expect(unknown.code).toBe(1);
      expect(unknown.stderr.trim()).toBe("User nobody@demo.test not found");
    } finally {
      await handle.close();
    }
  }, 120_000);
});
