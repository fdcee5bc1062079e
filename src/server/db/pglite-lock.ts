import { spawn } from "node:child_process";
import { closeSync, openSync, readFileSync, rmSync, writeFileSync, writeSync } from "node:fs";
import { hostname } from "node:os";
import path from "node:path";

/** Who holds a data directory, as the holder wrote it into the lock file. */
export interface PgliteLockHolder {
  pid: number;
  host: string;
}

export class PgliteLockedError extends Error {
  constructor(
    dataDir: string,
    readonly holder: PgliteLockHolder | null,
    remedy = "",
  ) {
    super(
      `The embedded database in ${dataDir} is already open in ${holder ? `process ${holder.pid} on ${holder.host}` : "another process"}. ` +
        "PGlite has no locking of its own and two processes would silently lose rows, so this one refuses. " +
        "Stop the other process (e.g. `npm run dev`), or set DATABASE_URL to use a PostgreSQL server." +
        remedy,
    );
    this.name = "PgliteLockedError";
  }
}

const lockFileOf = (dataDir: string) => `${path.resolve(dataDir)}.lock`;

function readHolder(lockFile: string): PgliteLockHolder | null {
  try {
    const parsed = JSON.parse(readFileSync(lockFile, "utf8")) as Partial<PgliteLockHolder>;
    return typeof parsed.pid === "number" && typeof parsed.host === "string" ? { pid: parsed.pid, host: parsed.host } : null;
  } catch {
    return null;
  }
}

const me = (): string => JSON.stringify({ pid: process.pid, host: hostname() } satisfies PgliteLockHolder);

/** Exit code the helper answers when another process holds the lock. */
const HELD_ELSEWHERE = 75;

/**
 * Takes `<dataDir>.lock` for this process; resolves to the release function, or rejects with
 * PgliteLockedError naming the holder.
 *
 * The lock is one the kernel holds for a live process: an exclusive `flock` on the lock file,
 * taken by util-linux's `flock` helper (Node 20 has no flock of its own, and we take no native
 * dependency) which lives exactly as long as our end of its stdin pipe: when this process exits,
 * however it dies, the pipe closes, the helper ends and the kernel drops the lock. Nothing is
 * judged from a PID (two containers on one volume both run as PID 1), and no starter ever deletes
 * a lock file, so two starters cannot remove each other's fresh lock: the loser is refused.
 * The file's content only says who holds it, for the refusal's message.
 *
 * Without the helper (e.g. macOS) an exclusively created file stands in: it is never taken over
 * automatically, so a crash leaves it for a person to remove, as the refusal says.
 */
export function acquirePgliteLock(dataDir: string, options: { helper?: string } = {}): Promise<() => Promise<void>> {
  const lockFile = lockFileOf(dataDir);
  return new Promise((resolve, reject) => {
    // Its own process group: a Ctrl-C meant for `npm run dev` must not end the lock before the
    // database has closed. Signals are ignored for the same reason; only the pipe ends it.
    const helper = spawn(
      options.helper ?? "flock",
      ["--exclusive", "--nonblock", "--conflict-exit-code", String(HELD_ELSEWHERE), lockFile, "sh", "-c", "trap '' INT TERM HUP; echo locked; exec cat >/dev/null"],
      { stdio: ["pipe", "pipe", "ignore"], detached: true },
    );
    let settled = false;
    let released = false;
    helper.on("error", (error: NodeJS.ErrnoException) => {
      if (settled) return;
      settled = true;
      if (error.code !== "ENOENT") return reject(error);
      try {
        resolve(acquireExclusiveFile(dataDir, lockFile));
      } catch (fallbackError) {
        reject(fallbackError as Error);
      }
    });
    const exited = new Promise<void>((resolveExit) => helper.once("exit", () => resolveExit()));
    helper.on("exit", (code) => {
      if (settled) {
        if (!released) console.error(`The lock on ${lockFile} ended before the database was closed (code ${code}).`);
        return;
      }
      settled = true;
      reject(
        code === HELD_ELSEWHERE
          ? new PgliteLockedError(dataDir, readHolder(lockFile))
          : new Error(`Could not lock ${lockFile}: the flock helper exited with code ${code}`),
      );
    });
    helper.stdout.once("data", () => {
      if (settled) return;
      settled = true;
      // Rewritten in place, never replaced: the kernel's lock belongs to this file's inode.
      writeFileSync(lockFile, me());
      helper.unref();
      (helper.stdout as unknown as { unref?: () => void }).unref?.();
      (helper.stdin as unknown as { unref?: () => void }).unref?.();
      // Resolves once the helper is gone, i.e. the kernel has dropped the lock: a caller that
      // closes and then hands the directory on (a test, a script) must not race its own release.
      resolve(() => {
        if (!released) {
          released = true;
          // Held again while we wait: an unref'd helper would let a script's event loop run dry
          // (exit code 13, an unsettled top-level await) before the lock is gone.
          helper.ref();
          helper.stdin.end();
        }
        return exited;
      });
    });
  });
}

function acquireExclusiveFile(dataDir: string, lockFile: string): () => Promise<void> {
  let fd: number;
  try {
    fd = openSync(lockFile, "wx");
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== "EEXIST") throw error;
    throw new PgliteLockedError(
      dataDir,
      readHolder(lockFile),
      ` (No flock(1) on this machine: if that process is gone, remove ${lockFile} by hand.)`,
    );
  }
  writeSync(fd, me());
  closeSync(fd);
  let released = false;
  const release = () => {
    if (released) return;
    released = true;
    if (readFileSync(lockFile, "utf8") === me()) rmSync(lockFile, { force: true });
  };
  process.once("exit", release);
  return () => {
    release();
    return Promise.resolve();
  };
}
