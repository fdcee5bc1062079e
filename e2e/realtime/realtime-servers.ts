import { spawn, type ChildProcess } from "node:child_process";
import { createServer } from "node:net";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { startPusherRelay, type PusherRelay } from "../../src/server/realtime/relay/pusher-relay";
import { e2eDatabase } from "../support/e2e-database";

/**
 * The realtime journey's own world: a local relay on a free port and two `next start` processes
 * of the run's production build on one database, both broadcasting through that relay. (The
 * shared webServer in playwright.config.ts has no Pusher settings: production without
 * credentials means polling.)
 */
export const relayApp = { id: "orderline-e2e", key: "orderline-e2e-key", secret: "orderline-e2e-secret" };

export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const address = server.address();
      server.close(() => resolve(typeof address === "object" && address ? address.port : 0));
    });
  });
}

/** When the relay delivered each message-created (for the latency breakdown). */
export const relayDeliveries: number[] = [];

export async function startRelay(port = 0): Promise<PusherRelay> {
  return startPusherRelay({
    apps: [relayApp],
    host: "127.0.0.1",
    port,
    log: (line) => {
      if (line.includes("message-created@")) relayDeliveries.push(Date.now());
    },
  });
}

export interface AppServer {
  url: string;
  stop(): Promise<void>;
}

export async function startAppServer(relayPort: number): Promise<AppServer> {
  const database = e2eDatabase();
  if (database.kind !== "postgres") throw new Error("two app processes need PostgreSQL (PGlite has one opener)");
  const port = await freePort();
  const url = `http://localhost:${port}`;
  const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../..");
  const child: ChildProcess = spawn(path.join(root, "node_modules", ".bin", "next"), ["start", "-p", String(port)], {
    cwd: root,
    stdio: ["ignore", "pipe", "pipe"],
    env: {
      ...process.env,
      NODE_ENV: "production",
      PORT: String(port),
      NEXT_DIST_DIR: process.env.E2E_DIST_DIR ?? ".next-e2e",
      NEXT_TELEMETRY_DISABLED: "1",
      AUTH_SECRET: "orderline-e2e-secret-not-for-production",
      NEXTAUTH_URL: url,
      APP_URL: url,
      DATABASE_URL: database.url,
      PGLITE_DIR: "",
      PUSHER_APP_ID: relayApp.id,
      PUSHER_KEY: relayApp.key,
      PUSHER_SECRET: relayApp.secret,
      PUSHER_HOST: "127.0.0.1",
      PUSHER_PORT: String(relayPort),
      PUSHER_USE_TLS: "false",
    },
  });
  let output = "";
  child.stdout?.on("data", (chunk: Buffer) => (output += chunk.toString()));
  child.stderr?.on("data", (chunk: Buffer) => (output += chunk.toString()));
  const exited = new Promise<void>((resolve) => child.once("exit", () => resolve()));
  for (let i = 0; ; i++) {
    if (child.exitCode !== null) throw new Error(`next start exited:\n${output}`);
    const ok = await fetch(`${url}/login`).then((r) => r.ok, () => false);
    if (ok) break;
    if (i > 300) throw new Error(`next start did not answer on ${url}:\n${output}`);
    await new Promise((r) => setTimeout(r, 100));
  }
  return {
    url,
    stop: async () => {
      child.kill("SIGTERM");
      await exited;
    },
  };
}

