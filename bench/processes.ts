/** Child processes of the bench (app, ceiling) and the RSS of a process tree, read from /proc. */
import { spawn, type ChildProcess } from "node:child_process";
import { readdirSync, readFileSync } from "node:fs";

const running = new Set<ChildProcess>();

/** Ctrl-C or a timeout must not leave the app or the ceiling behind (they run detached). */
for (const signal of ["SIGINT", "SIGTERM"] as const) {
  process.once(signal, () => {
    for (const child of running) {
      try {
        process.kill(-child.pid!, "SIGTERM");
      } catch {
        /* already gone */
      }
    }
    process.exit(130);
  });
}

export function start(name: string, command: string, args: string[], env: Record<string, string>, quiet = true): ChildProcess {
  const child = spawn(command, args, { env: { ...process.env, ...env }, stdio: ["ignore", "pipe", "pipe"], detached: true });
  const tail: string[] = [];
  const keep = (chunk: Buffer) => {
    for (const line of chunk.toString().split("\n")) if (line.trim()) tail.push(line);
    tail.splice(0, Math.max(0, tail.length - 40));
  };
  child.stdout?.on("data", (c: Buffer) => (quiet ? keep(c) : process.stdout.write(c)));
  child.stderr?.on("data", (c: Buffer) => (keep(c), quiet || process.stderr.write(c)));
  running.add(child);
  child.on("exit", (code, signal) => {
    running.delete(child);
    if (code && code !== 0) console.error(`[${name}] exited ${code ?? signal}\n${tail.join("\n")}`);
  });
  return child;
}

/**
 * The app's server as `npm start` runs it (package.json's `start`: node, its flags, Next's CLI),
 * without npm in between. Next serves in that same process (`next-server`), so its process tree is
 * the app alone; started through `npx next start`, the tree also held npm's own node (~66 MB) and
 * a shell, and the bench counted them as the app's RSS.
 */
export function startNextServer(env: Record<string, string>): ChildProcess {
  const pkg = JSON.parse(readFileSync(new URL("../package.json", import.meta.url), "utf8")) as { scripts: { start: string } };
  const [node, ...args] = pkg.scripts.start.split(/\s+/);
  if (node !== "node" || !args.includes("start")) throw new Error(`package.json's start script is not "node … next start": ${pkg.scripts.start}`);
  return start("app", process.execPath, [...args, "-p", env.PORT!, "-H", "127.0.0.1"], env);
}

/** Stops a child and everything it started (its own process group). */
export async function stop(child: ChildProcess | undefined): Promise<void> {
  if (!child?.pid || child.exitCode !== null) return;
  const exited = new Promise((resolve) => child.once("exit", resolve));
  try {
    process.kill(-child.pid, "SIGTERM");
  } catch {
    return;
  }
  const timer = setTimeout(() => {
    try {
      process.kill(-child.pid!, "SIGKILL");
    } catch {
      /* already gone */
    }
  }, 5000);
  await exited;
  clearTimeout(timer);
}

/** RSS in MB of pid and all its descendants (the app's server has none; the ceiling's tsx loader does). */
export function treeRssMb(root: number): number {
  const parents = new Map<number, number>();
  for (const entry of readdirSync("/proc")) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = readFileSync(`/proc/${entry}/stat`, "utf8");
      const ppid = Number(stat.slice(stat.lastIndexOf(")") + 2).split(" ")[1]);
      parents.set(Number(entry), ppid);
    } catch {
      /* exited meanwhile */
    }
  }
  const tree = new Set([root]);
  let grew = true;
  while (grew) {
    grew = false;
    for (const [pid, ppid] of parents) {
      if (tree.has(ppid) && !tree.has(pid)) {
        tree.add(pid);
        grew = true;
      }
    }
  }
  let kb = 0;
  for (const pid of tree) {
    try {
      const m = /VmRSS:\s+(\d+)/.exec(readFileSync(`/proc/${pid}/status`, "utf8"));
      kb += Number(m?.[1] ?? 0);
    } catch {
      /* exited meanwhile */
    }
  }
  return Math.round(kb / 1024);
}

export async function waitForHttp(url: string, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    try {
      const res = await fetch(url);
      if (res.status < 500) return;
    } catch {
      /* not up yet */
    }
    if (Date.now() > deadline) throw new Error(`${url} did not answer within ${timeoutMs / 1000} s`);
    await new Promise((r) => setTimeout(r, 250));
  }
}
