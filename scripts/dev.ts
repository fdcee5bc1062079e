/**
 * `npm run dev`: Next.js's dev server, with the local Pusher-protocol relay beside it on
 * 127.0.0.1:6001 when no Pusher or Soketi is configured, so realtime works out of the box. The
 * relay runs here, not inside Next.js: it needs no database (PGlite stays with one process) and
 * survives Next's reloads. Extra arguments go to `next dev`.
 */
import { spawn } from "node:child_process";
import path from "node:path";
import { startRelayFromEnv, usesLocalRelay } from "../src/server/realtime/relay/relay-from-env";

const relay = usesLocalRelay(process.env) ? await startRelayFromEnv(process.env, (line) => console.log(`[relay] ${line}`)) : null;
const next = spawn(path.join("node_modules", ".bin", "next"), ["dev", ...process.argv.slice(2)], { stdio: "inherit" });
for (const signal of ["SIGINT", "SIGTERM"] as const) process.on(signal, () => next.kill(signal));
next.on("exit", (code, signal) => {
  void (relay?.close() ?? Promise.resolve()).then(() => process.exit(code ?? (signal ? 1 : 0)));
});
