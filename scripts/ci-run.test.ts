import { spawnSync } from "node:child_process";
import { chmodSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";

const repo = path.resolve(import.meta.dirname, "..");
const bin = mkdtempSync(path.join(tmpdir(), "orderline-ci-path-"));
afterAll(() => rmSync(bin, { recursive: true, force: true }));

/** A PATH with the shell tools .ci/run uses and no PostgreSQL at all (no pg_isready, no pg_ctlcluster). */
function pathWithoutPostgres(): string {
  for (const tool of ["bash", "sh", "dirname", "basename", "ls", "seq", "sleep", "cat"]) {
    const found = spawnSync("sh", ["-c", `command -v ${tool}`], { encoding: "utf8" }).stdout.trim();
    if (found) symlinkSync(found, path.join(bin, tool));
  }
  symlinkSync(process.execPath, path.join(bin, "node"));
  const browser = path.join(bin, "chromium");
  writeFileSync(browser, "#!/bin/sh\n");
  chmodSync(browser, 0o755);
  return bin;
}

describe(".ci/run on a machine without PostgreSQL", () => {
  it("goes on to run the suites on PGlite, announcing it in a banner, instead of aborting", () => {
    const PATH = pathWithoutPostgres();
    const run = spawnSync(path.join(bin, "bash"), [path.join(repo, ".ci", "run")], {
      cwd: repo,
      env: { NODE_ENV: "test", PATH, HOME: process.env.HOME, ORDERLINE_CI_SKIP_TESTS: "1", CHROMIUM_CANDIDATES: path.join(bin, "chromium") },
      encoding: "utf8",
      timeout: 60_000,
    });
    expect(run.stderr).not.toMatch(/command not found/);
    expect(run.status).toBe(0);
    expect(run.stdout).toContain(`Chromium: ${path.join(bin, "chromium")}`);
    expect(run.stdout).toMatch(/#{20,}\n##\n## {2}NO POSTGRESQL on 127\.0\.0\.1:5432/);
    expect(run.stdout).toContain("Every suite runs on embedded PGlite instead");
  });
});
