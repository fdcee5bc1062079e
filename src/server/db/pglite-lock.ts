import { readFileSync, rmSync, writeFileSync } from "node:fs";
import path from "node:path";

export class PgliteLockedError extends Error {
  constructor(dataDir: string, pid: number) {
    super(
      `The embedded database in ${dataDir} is already open in process ${pid}. ` +
        "PGlite has no locking of its own and two processes would silently lose rows, so this one refuses. " +
        "Stop the other process (e.g. `npm run dev`), or set DATABASE_URL to use a PostgreSQL server.",
    );
    this.name = "PgliteLockedError";
  }
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === "EPERM";
  }
}

/** Takes `<dataDir>.lock` for this process; returns the release function. */
export function acquirePgliteLock(dataDir: string): () => void {
  const lockFile = `${path.resolve(dataDir)}.lock`;
  let holder: number | undefined;
  try {
    holder = Number.parseInt(readFileSync(lockFile, "utf8"), 10);
  } catch {
    holder = undefined;
  }
  if (holder && holder !== process.pid && isAlive(holder)) throw new PgliteLockedError(dataDir, holder);
  // The `wx` flag makes two simultaneous starters race safely: one of them fails here.
  if (holder) rmSync(lockFile, { force: true });
  try {
    writeFileSync(lockFile, String(process.pid), { flag: holder === process.pid ? "w" : "wx" });
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "EEXIST") {
      throw new PgliteLockedError(dataDir, Number.parseInt(readFileSync(lockFile, "utf8"), 10));
    }
    throw error;
  }
  const release = () => {
    try {
      if (readFileSync(lockFile, "utf8") === String(process.pid)) rmSync(lockFile, { force: true });
    } catch {
      // already gone
    }
  };
  process.once("exit", release);
  return release;
}
