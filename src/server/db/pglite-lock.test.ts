import { spawn } from "node:child_process";
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { hostname, tmpdir } from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { connectPglite } from "./client";
import { acquirePgliteLock, PgliteLockedError } from "./pglite-lock";

const dir = mkdtempSync(path.join(tmpdir(), "orderline-lock-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** Opens the data directory from another Node process, holds it `holdMs`, and reports what happened. */
function openFromAnotherProcess(dataDir: string, holdMs = 0): Promise<{ code: number | null; output: string }> {
  const script = `
    import { connectPglite } from "./src/server/db/client.ts";
    try { const h = await connectPglite(${JSON.stringify(dataDir)}); console.log("OPENED " + process.pid);
      await new Promise((r) => setTimeout(r, ${holdMs})); await h.close(); }
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
  it("refuses a second process while the first holds the directory, naming the holder, and allows it after", async () => {
    const dataDir = path.join(dir, "pglite");
    const first = await connectPglite(dataDir);
    expect(JSON.parse(readFileSync(`${dataDir}.lock`, "utf8"))).toEqual({ pid: process.pid, host: hostname() });
    const refused = await openFromAnotherProcess(dataDir);
    expect(refused.code).toBe(3);
    expect(refused.output).toContain("PgliteLockedError");
    expect(refused.output).toContain(`already open in process ${process.pid} on ${hostname()}`);
    await first.close();

    const allowed = await openFromAnotherProcess(dataDir);
    expect(allowed.output).toMatch(/OPENED \d+/);
  }, 60_000);

  it("refuses on the lock the kernel holds, not on a PID: a holder that looks like this very process still wins", async () => {
    // Two containers on one volume both run as PID 1: the old check took a lock naming its own PID as its own.
    const dataDir = path.join(dir, "same-pid");
    mkdirSync(dataDir, { recursive: true });
    const release = await acquirePgliteLock(dataDir);
    try {
      writeFileSync(`${dataDir}.lock`, JSON.stringify({ pid: process.pid, host: hostname() }));
      await expect(acquirePgliteLock(dataDir)).rejects.toBeInstanceOf(PgliteLockedError);
    } finally {
      await release();
    }
  });

  it("lets exactly one of several simultaneous starters open the directory, and deletes no one's lock", async () => {
    const dataDir = path.join(dir, "race");
    const runs = await Promise.all([0, 1, 2].map(() => openFromAnotherProcess(dataDir, 4_000)));
    const opened = runs.filter((run) => run.output.includes("OPENED"));
    expect(opened).toHaveLength(1);
    const winner = /OPENED (\d+)/.exec(opened[0]?.output ?? "")?.[1];
    for (const run of runs.filter((r) => !r.output.includes("OPENED"))) {
      expect(run.code).toBe(3);
      // Each loser names the winner (or, in the instant before it wrote its name, "another process").
      expect(run.output).toMatch(new RegExp(`already open in (process ${winner} on |another process)`));
    }
  }, 90_000);

  it("takes over a lock file left by a process that died, whatever PID and host it names", async () => {
    const dataDir = path.join(dir, "stale");
    mkdirSync(dataDir, { recursive: true });
    writeFileSync(`${dataDir}.lock`, JSON.stringify({ pid: 1, host: "another-container" }));
    const handle = await connectPglite(dataDir);
    expect(JSON.parse(readFileSync(`${dataDir}.lock`, "utf8"))).toEqual({ pid: process.pid, host: hostname() });
    await handle.close();
  });

  it("without flock(1), still refuses a second opener and never takes a lock file over by itself", async () => {
    const dataDir = path.join(dir, "no-flock");
    mkdirSync(dataDir, { recursive: true });
    const noHelper = { helper: path.join(dir, "no-such-flock") };
    const release = await acquirePgliteLock(dataDir, noHelper);
    const refusal = await acquirePgliteLock(dataDir, noHelper).catch((error: unknown) => error as PgliteLockedError);
    expect(refusal).toBeInstanceOf(PgliteLockedError);
    expect((refusal as PgliteLockedError).holder).toEqual({ pid: process.pid, host: hostname() });
    expect((refusal as PgliteLockedError).message).toContain(`remove ${dataDir}.lock by hand`);
    await release();
    await (await acquirePgliteLock(dataDir, noHelper))();
  });

  it("names the remedy in its message", () => {
    expect(new PgliteLockedError(".data/pglite", { pid: 42, host: "web-1" }).message).toMatch(/process 42 on web-1.*DATABASE_URL/);
  });
});
