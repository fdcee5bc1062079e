/**
 * A CPU profiler preloaded into the app for bench/profile.ts: the first SIGUSR2 starts it, the
 * next writes `<pid>-<time>.cpuprofile` to PROFILE_DIR (default /tmp/orderline-prof), so the profile
 * covers the measured load only, not start-up and warm-up (which `--cpu-prof` would include).
 *
 *   PROFILE_NODE_OPTIONS="--import ./bench/cpu-profiler.mjs" npx tsx bench/profile.ts send 10 8
 *
 * Open the file in Chrome DevTools (Performance) or summarize it with bench/cpu-profile-summary.ts.
 */
import { mkdirSync, writeFileSync } from "node:fs";
import { Session } from "node:inspector";
import path from "node:path";

const dir = process.env.PROFILE_DIR || "/tmp/orderline-prof";
/** @type {Session | null} */
let session = null;

process.on("SIGUSR2", () => {
  if (!session) {
    const started = new Session();
    started.connect();
    started.post("Profiler.enable", () => started.post("Profiler.setSamplingInterval", { interval: 200 }, () => started.post("Profiler.start")));
    session = started;
    return;
  }
  const done = session;
  session = null;
  done.post("Profiler.stop", (error, { profile }) => {
    if (!error) {
      mkdirSync(dir, { recursive: true });
      writeFileSync(path.join(dir, `${process.pid}-${Date.now()}.cpuprofile`), JSON.stringify(profile));
    }
    done.disconnect();
  });
});
