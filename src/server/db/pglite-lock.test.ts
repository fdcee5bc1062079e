import { spawn } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { connectPglite } from "./client";
import { PgliteLockedError } from "./pglite-lock";

const dir = mkdtempSync(path.join(tmpdir(), "orderline-lock-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** Opens the data directory from another Node process and reports what happened. */
function openFromAnotherProcess(dataDir: string): Promise<{ code: number | null; output: string }> {
  const script = `
    import { connectPglite } from "./src/server/db/client.ts";
    try { const h = await connectPglite(${JSON.stringify(dataDir)}); await h.close(); console.log("OPENED"); }
    catch (e) { console.log(e.name + ": " + e.message); process.exit(3); }`;
  return new Promise((resolve) => {
    const child = spawn(process.execPath, ["--import", "tsx", "--input-type=module", "-e", script], { cwd: process.cwd() });
    let output = "";
    child.stdout.on("data", (d: Buffer) => (output += d.toString()));
    child.stderr.on("data", (d: Buffer) => (output += d.toString()));
    child.on("close", (code) => resolve({ code, output }));
  });
}

describe("one process per PGlite data directory", () => {
  it("refuses a second process while the first holds the directory, and allows it after", async () => {
    const dataDir = path.join(dir, "pglite");
    const first = await connectPglite(dataDir);
    const refused = await openFromAnotherProcess(dataDir);
    expect(refused.code).toBe(3);
    expect(refused.output).toContain("PgliteLockedError");
    expect(refused.output).toContain(`process ${process.pid}`);
    await first.close();

    const allowed = await openFromAnotherProcess(dataDir);
    expect(allowed.output).toContain("OPENED");
  }, 60_000);

  it("takes over a lock left by a process that died", async () => {
    const dataDir = path.join(dir, "stale");
    const { writeFileSync, mkdirSync } = await import("node:fs");
    mkdirSync(dataDir, { recursive: true });
    writeFileSync(`${dataDir}.lock`, "999999999");
    const handle = await connectPglite(dataDir);
    await handle.close();
  });

  it("names the remedy in its message", () => {
    expect(new PgliteLockedError(".data/pglite", 42).message).toMatch(/DATABASE_URL/);
  });
});
