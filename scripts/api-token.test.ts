import { spawn } from "node:child_process";
import { randomBytes } from "node:crypto";
import { mkdirSync, mkdtempSync, rmSync, symlinkSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { eq } from "drizzle-orm";
import postgres from "postgres";
import { afterAll, describe, expect, inject, it } from "vitest";
import { createApiTokenAuthenticator } from "../src/server/api-tokens/api-tokens";
import { createActorCache } from "../src/server/auth/actor-cache";
import { connectPglite, connectPostgres, type Database } from "../src/server/db/client";
import { apiTokens } from "../src/server/db/schema";
import { seedDemoData } from "../src/server/db/seed";
import { databaseUrl } from "../src/test/database-target";

/**
 * The script runs in another process, so this one must not trust a cached lookup: an app process
 * follows the database's notice of a revocation made elsewhere (actor-change-feed.test.ts holds
 * that); here every check reads the database.
 */
const uncached = createApiTokenAuthenticator({ ttlMs: 0, actors: createActorCache({ ttlMs: 0 }) });
const authenticateApiToken = (db: Database, token: string) => uncached.authenticate(db, token);

const repo = path.resolve(import.meta.dirname, "..");
const script = path.join(repo, "scripts", "api-token.ts");
const tsx = path.join(repo, "node_modules", ".bin", "tsx");

interface Run {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** Runs the script as `npm run token:*` would, in `cwd` and with DATABASE_URL as given (unset = PGlite). */
function runScript(args: string[], options: { cwd?: string; databaseUrl?: string }): Promise<Run> {
  const env = { ...process.env };
  delete env.DATABASE_URL;
  if (options.databaseUrl) env.DATABASE_URL = options.databaseUrl;
  return new Promise((resolve, reject) => {
    const child = spawn(tsx, [script, ...args], { cwd: options.cwd ?? repo, env });
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (d: Buffer) => (stdout += d.toString()));
    child.stderr.on("data", (d: Buffer) => (stderr += d.toString()));
    child.on("error", reject);
    child.on("close", (code) => resolve({ code, stdout, stderr }));
  });
}

async function tokenIdOf(db: Database, token: string): Promise<string> {
  const [row] = await db.select({ id: apiTokens.id }).from(apiTokens).where(eq(apiTokens.prefix, token.slice(0, 10)));
  if (!row) throw new Error("token not stored");
  return row.id;
}

const target = inject("testDatabase");

describe.runIf(target.kind === "postgres")("scripts/api-token.ts against PostgreSQL (DATABASE_URL)", () => {
  const name = `orderline_test_script_${randomBytes(6).toString("hex")}`;
  const admin = target.kind === "postgres" ? postgres(target.adminUrl, { max: 1, onnotice: () => {} }) : null;
  const url = target.kind === "postgres" ? databaseUrl(target.adminUrl, name) : "";
  afterAll(async () => {
    await admin?.unsafe(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
    await admin?.end();
  });

  it("creates a token printed once on stdout that acts as its owner; only the owner revokes it", async () => {
    if (target.kind !== "postgres" || !admin) throw new Error("unreachable");
    await admin.unsafe(`CREATE DATABASE "${name}" TEMPLATE "${target.template}"`);
    const handle = connectPostgres(url, { max: 2 });
    try {
      const created = await runScript(["create", "--email", "Rita@demo.test", "--name", "warehouse sync"], { databaseUrl: url });
      expect(created.stderr).toContain('Created API token "warehouse sync"');
      expect(created.code).toBe(0);
      const token = created.stdout.trim();
      expect(token).toMatch(/^olt_[A-Za-z0-9_-]+$/);
      expect(await authenticateApiToken(handle.db, token)).toMatchObject({ email: "rita@demo.test", role: "reseller", storeId: "north" });

      const tokenId = await tokenIdOf(handle.db, token);
      const byOther = await runScript(["revoke", "--id", tokenId, "--email", "sam@demo.test"], { databaseUrl: url });
      expect(byOther.code).toBe(1);
      expect(byOther.stderr).toContain("API token not found");
      expect(await authenticateApiToken(handle.db, token)).not.toBeNull();

      const revoked = await runScript(["revoke", "--id", tokenId, "--email", "rita@demo.test"], { databaseUrl: url });
      expect(revoked.code).toBe(0);
      expect(revoked.stdout).toContain(`Revoked API token "warehouse sync" (id ${tokenId})`);
      expect(await authenticateApiToken(handle.db, token)).toBeNull();

      const usage = await runScript(["create", "--email", "rita@demo.test"], { databaseUrl: url });
      expect(usage.code).toBe(2);
      expect(usage.stderr).toContain("Usage:");
      const unknownUser = await runScript(["create", "--email", "nobody@demo.test", "--name", "x"], { databaseUrl: url });
      expect(unknownUser.code).toBe(1);
      expect(unknownUser.stderr.trim()).toBe("No user with email nobody@demo.test");
    } finally {
      await handle.close();
    }
  }, 180_000);
});

describe("scripts/api-token.ts on the embedded database (no DATABASE_URL)", () => {
  // A project directory of its own, so the script's ./.data/pglite is not the developer's.
  const cwd = mkdtempSync(path.join(tmpdir(), "orderline-token-script-"));
  symlinkSync(path.join(repo, "drizzle"), path.join(cwd, "drizzle"));
  const dataDir = path.join(cwd, ".data", "pglite");
  afterAll(() => rmSync(cwd, { recursive: true, force: true }));

  it("refuses cleanly while another process holds the database, and works once it is free", async () => {
    mkdirSync(path.dirname(dataDir), { recursive: true });
    const running = await connectPglite(dataDir);
    await running.migrate();
    await seedDemoData(running.db);
    const refused = await runScript(["create", "--email", "alice@demo.test", "--name", "cli"], { cwd });
    await running.close();
    expect(refused.code).toBe(1);
    expect(refused.stdout).toBe("");
    expect(refused.stderr).toContain(`already open in process ${process.pid}`);
    expect(refused.stderr).toContain("npm run dev");
    expect(refused.stderr).not.toMatch(/^\s+at /m);

    const created = await runScript(["create", "--email", "alice@demo.test", "--name", "cli"], { cwd });
    expect(created.code).toBe(0);
    const token = created.stdout.trim();
    const reopened = await connectPglite(dataDir);
    try {
      expect(await authenticateApiToken(reopened.db, token)).toMatchObject({ email: "alice@demo.test", role: "customer" });
    } finally {
      await reopened.close();
    }
  }, 180_000);
});
