import { spawnSync } from "node:child_process";
import { describe, expect, it } from "vitest";

function startWith(env: Record<string, string | undefined>) {
  const cleanEnv = { ...process.env, ...env };
  for (const [key, value] of Object.entries(env)) if (value === undefined) delete cleanEnv[key];
  return spawnSync(
    process.execPath,
    ["--import", "tsx", "-e", 'import("./src/server/startup-check.ts").then((m) => { m.assertStartupEnvironment(); console.log("STARTED"); })'],
    { env: cleanEnv, encoding: "utf8" },
  );
}

describe("start-up environment check", () => {
  it("refuses to start in production without AUTH_SECRET, saying why", () => {
    const run = startWith({ NODE_ENV: "production", AUTH_SECRET: undefined, SKIP_ENV_VALIDATION: undefined });
    expect(run.status).toBe(1);
    expect(run.stderr).toContain("AUTH_SECRET is not set");
    expect(run.stdout).not.toContain("STARTED");
  });

  it("starts in production with a secret", () => {
    const run = startWith({ NODE_ENV: "production", AUTH_SECRET: "a-long-enough-production-secret", SKIP_ENV_VALIDATION: undefined });
    expect(run.stdout).toContain("STARTED");
  });

  it("starts in development with the fixed dev secret and a warning", () => {
    const run = startWith({ NODE_ENV: "development", AUTH_SECRET: undefined, SKIP_ENV_VALIDATION: undefined });
    expect(run.stdout).toContain("STARTED");
    expect(run.stderr).toContain("development secret");
  });

  it("rejects an invalid variable with a clear message", () => {
    const run = startWith({ NODE_ENV: "development", DATABASE_URL: "not a url", SKIP_ENV_VALIDATION: undefined });
    expect(run.status).not.toBe(0);
    expect(run.stderr).toMatch(/DATABASE_URL/);
  });
});
