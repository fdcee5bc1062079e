import { spawnSync } from "node:child_process";
import { describe, expect, it } from "vitest";
import { startupProblems } from "./startup-check";

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

  it("starts in production with a secret and APP_URL", () => {
    const run = startWith({
      NODE_ENV: "production",
      AUTH_SECRET: "a-long-enough-production-secret",
      APP_URL: "https://orderline.example.com",
      SKIP_ENV_VALIDATION: undefined,
    });
    expect(run.stdout).toContain("STARTED");
  });

  it("refuses to start in production without APP_URL, naming it", () => {
    const run = startWith({ NODE_ENV: "production", AUTH_SECRET: "a-long-enough-production-secret", APP_URL: undefined, SKIP_ENV_VALIDATION: undefined });
    expect(run.status).toBe(1);
    expect(run.stderr).toContain("APP_URL is not set");
    expect(run.stdout).not.toContain("STARTED");
  });

  it("refuses to start with S3 half configured, naming what is missing", () => {
    const s3 = { S3_ENDPOINT: undefined, S3_BUCKET: undefined, S3_ACCESS_KEY_ID: undefined, S3_SECRET_ACCESS_KEY: undefined };
    const run = startWith({ NODE_ENV: "development", SKIP_ENV_VALIDATION: undefined, ...s3, S3_ENDPOINT: "https://s3.example.com" });
    expect(run.status).toBe(1);
    expect(run.stderr).toContain("S3 is half configured: S3_ENDPOINT is set but S3_BUCKET, S3_ACCESS_KEY_ID, S3_SECRET_ACCESS_KEY are not");
    expect(run.stdout).not.toContain("STARTED");
  });

  it("rejects an invalid variable with a clear message", () => {
    const run = startWith({ NODE_ENV: "development", DATABASE_URL: "not a url", SKIP_ENV_VALIDATION: undefined });
    expect(run.status).not.toBe(0);
    expect(run.stderr).toMatch(/DATABASE_URL/);
  });
});

describe("startupProblems", () => {
  const base = { NODE_ENV: "development" as const, AUTH_SECRET: undefined, APP_URL: undefined };
  const full = { S3_ENDPOINT: "https://s3.example.com", S3_BUCKET: "b", S3_ACCESS_KEY_ID: "k", S3_SECRET_ACCESS_KEY: "s" };
  it("accepts S3 set completely or not at all, and names every missing part otherwise", () => {
    expect(startupProblems({ ...base, ...full })).toEqual([]);
    expect(startupProblems(base)).toEqual([]);
    expect(startupProblems({ ...base, ...full, S3_SECRET_ACCESS_KEY: undefined })).toEqual([
      expect.stringContaining("S3_ENDPOINT, S3_BUCKET, S3_ACCESS_KEY_ID are set but S3_SECRET_ACCESS_KEY is not"),
    ]);
    expect(startupProblems({ ...base, S3_BUCKET: "b", S3_ACCESS_KEY_ID: "k", S3_SECRET_ACCESS_KEY: "s" })).toEqual([
      expect.stringContaining("but S3_ENDPOINT is not"),
    ]);
  });

  it("lists every problem of a production start at once", () => {
    expect(startupProblems({ ...base, NODE_ENV: "production", S3_BUCKET: "b" })).toHaveLength(3);
  });
});

  it("starts in development with the fixed dev secret and a warning", () => {
    const run = startWith({ NODE_ENV: "development", AUTH_SECRET: undefined, SKIP_ENV_VALIDATION: undefined });
    expect(run.stdout).toContain("STARTED");
    expect(run.stderr).toContain("development secret");
  });
