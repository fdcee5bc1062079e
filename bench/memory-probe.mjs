/**
 * process.memoryUsage() of the app, preloaded for bench/profile.ts: sampled every 250 ms, and on
 * each SIGUSR2 (profile.ts sends one before and one after the measured load) the sample with the
 * highest RSS since the last signal, with V8's heap spaces (size / used), is appended to
 * PROFILE_DIR/memory.log (default /tmp/orderline-prof), in MB.
 *
 *   PROFILE_NODE_OPTIONS="--import ./bench/memory-probe.mjs" npx tsx bench/profile.ts send 10 8
 */
import { appendFileSync, mkdirSync } from "node:fs";
import path from "node:path";
import { setInterval } from "node:timers";
import v8 from "node:v8";

const dir = process.env.PROFILE_DIR || "/tmp/orderline-prof";
const mb = (/** @type {number} */ bytes) => Math.round(bytes / 1048576);
const sample = () => ({ usage: process.memoryUsage(), spaces: v8.getHeapSpaceStatistics() });
let peak = sample();
setInterval(() => {
  const now = sample();
  if (now.usage.rss > peak.usage.rss) peak = now;
}, 250).unref();

process.on("SIGUSR2", () => {
  const { rss, heapTotal, heapUsed, external, arrayBuffers } = peak.usage;
  const spaces = peak.spaces
    .filter((s) => s.space_size > 1048576)
    .map((s) => `${s.space_name} ${mb(s.space_size)}/${mb(s.space_used_size)}`)
    .join(", ");
  mkdirSync(dir, { recursive: true });
  appendFileSync(
    path.join(dir, "memory.log"),
    `${new Date().toISOString()} pid ${process.pid} peak rss ${mb(rss)} MB: heapTotal ${mb(heapTotal)}, heapUsed ${mb(heapUsed)}, external ${mb(external)} (arrayBuffers ${mb(arrayBuffers)}); spaces ${spaces}\n`,
  );
  peak = sample();
});
