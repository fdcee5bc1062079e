import { spawnSync } from "node:child_process";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { isLocalDatabaseUrl } from "./seed-target";

const repo = path.resolve(import.meta.dirname, "..");

describe("db:seed's target", () => {
  it("counts this machine as local, and nothing else", () => {
    for (const url of [
      "postgres://postgres@127.0.0.1:5432/orderline",
      "postgres://postgres@localhost/orderline",
      "postgresql://u:p@[::1]:5432/db",
      "postgres://postgres@127.0.0.2/db",
      "postgres://postgres@/orderline?host=/var/run/postgresql",
    ])
      expect(isLocalDatabaseUrl(url), url).toBe(true);
    for (const url of [
      "postgres://app@db.internal:5432/orderline",
      "postgres://app@10.0.0.5/orderline",
      "postgres://app@localhost.evil.example/db",
      "postgres://app@/db?host=db.internal",
      "not a url",
    ])
      expect(isLocalDatabaseUrl(url), url).toBe(false);
  });

  it("refuses a remote DATABASE_URL without --force, before connecting to it", () => {
    const run = spawnSync(path.join(repo, "node_modules", ".bin", "tsx"), [path.join(repo, "scripts", "db-seed.ts")], {
      cwd: repo,
      // 192.0.2.0/24 is reserved for documentation: a connection attempt would hang, not answer.
      env: { ...process.env, NODE_ENV: "development", DATABASE_URL: "postgres://app@192.0.2.10:5432/orderline" },
      encoding: "utf8",
      timeout: 30_000,
    });
    expect(run.status).toBe(1);
    expect(run.stderr).toContain("Refusing to seed demo data");
    expect(run.stderr).toContain("192.0.2.10:5432");
    expect(run.stderr).toContain("--force");
  });
});
