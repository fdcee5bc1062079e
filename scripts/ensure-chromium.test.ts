import { spawnSync } from "node:child_process";
import { chmodSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { findChromium } from "./ensure-chromium.mjs";

const repo = path.resolve(import.meta.dirname, "..");
const dir = mkdtempSync(path.join(tmpdir(), "orderline-chromium-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

// A machine whose only browser is `chromium-browser`, somewhere on PATH.
const onlyBrowser = path.join(dir, "chromium-browser");
writeFileSync(onlyBrowser, "#!/bin/sh\necho fake\n");
chmodSync(onlyBrowser, 0o755);
const machine = { PATH: `${dir}${path.delimiter}${process.env.PATH ?? ""}`, CHROMIUM_CANDIDATES: path.join(dir, "not-here") };

describe("scripts/ensure-chromium.mjs", () => {
  it("finds a browser that is only on PATH under another name", () => {
    expect(findChromium(machine)).toBe(onlyBrowser);
    expect(findChromium({ ...machine, CHROMIUM_PATH: onlyBrowser })).toBe(onlyBrowser);
    expect(findChromium({ ...machine, CHROMIUM_PATH: path.join(dir, "missing") })).toBeUndefined();
  });

  it("hands the browser it found to the command it runs (Playwright) as CHROMIUM_PATH", () => {
    const env: NodeJS.ProcessEnv = { ...process.env, ...machine };
    delete env.CHROMIUM_PATH;
    const run = spawnSync(
      process.execPath,
      [path.join(repo, "scripts", "ensure-chromium.mjs"), "--run", process.execPath, "-e", "console.log('launching ' + process.env.CHROMIUM_PATH)"],
      { env, encoding: "utf8" },
    );
    expect(run.status).toBe(0);
    expect(run.stdout).toContain(`launching ${onlyBrowser}`);
  });

  it("is what playwright.config launches", async () => {
    const before = process.env.CHROMIUM_PATH;
    process.env.CHROMIUM_PATH = onlyBrowser;
    try {
      const { default: config } = await import("../playwright.config");
      expect(config.use?.launchOptions?.executablePath).toBe(onlyBrowser);
    } finally {
      if (before === undefined) delete process.env.CHROMIUM_PATH;
      else process.env.CHROMIUM_PATH = before;
    }
  });
});
