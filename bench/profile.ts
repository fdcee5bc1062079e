/**
 * Where a send's time goes: the bench build under a constant send (or thread read) load, with
 * every statement's duration logged by Postgres for a role of its own, and CPU seconds counted
 * per process (the app, the relay, the app's Postgres backends).
 *
 *   npx tsx bench/profile.ts [send|thread|webhook|noop|insert|select|anonymous|unreadInbox] [seconds] [connections]
 *
 * Needs a bench build (.next-bench, `npm run bench` makes one) and the bench data. Every statement
 * of the measured run goes to the shared server log (about 10 MB a 10 s run): run it by hand.
 */
import { readFileSync, statSync } from "node:fs";
import postgres from "postgres";
import { ADMIN_EMAIL, BENCH_DATABASE_URL, benchToken, customerEmail, orderNumber, ordersOfCustomer, SCALE } from "./config";
import { benchRelayEnv } from "./live";
import { load, type LoadRequest } from "./load";
import { start, startNextServer, stop, treeRssMb, waitForHttp } from "./processes";
import { logSince } from "./server-log";
import { ensureCustomerPhones, measureWebhook, WHATSAPP_APP_SECRET, WHATSAPP_VERIFY_TOKEN, type WebhookResult } from "./webhook";

const [what = "send", secondsArg = "10", connectionsArg = "8"] = process.argv.slice(2);
const PORT = Number(process.env.BENCH_PORT ?? 3214);
const RELAY_PORT = PORT + 2;
const ORIGIN = `http://127.0.0.1:${PORT}`;
// A role per port: runs beside each other (other ports) keep their statements and backends apart.
const ROLE = `orderline_bench_profile_${PORT}`;
const LOG = process.env.BENCH_PG_LOG ?? "/var/log/postgresql/postgresql-15-main.log";

const ticks = (pid: number) => {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
    const f = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
    return Number(f[11]) + Number(f[12]);
  } catch {
    return 0;
  }
};
const tree = (root: number): number[] => {
  const out = [root];
  for (const pid of out) {
    try {
      for (const child of readFileSync(`/proc/${pid}/task/${pid}/children`, "utf8").trim().split(/\s+/).filter(Boolean)) out.push(Number(child));
    } catch {
      /* gone */
    }
  }
  return out;
};
const cpuOf = (pids: number[]) => pids.reduce((s, p) => s + ticks(p), 0) / 100;

/** A port still held by the previous run's server or relay (they take a moment to exit). */
async function waitUntilFree(port: number) {
  for (let i = 0; i < 40; i++) {
    const taken = await fetch(`http://127.0.0.1:${port}/`).then(() => true, () => false);
    if (!taken) return;
    await new Promise((r) => setTimeout(r, 250));
  }
  throw new Error(`port ${port} is still in use`);
}

async function main() {
  await waitUntilFree(PORT);
  await waitUntilFree(RELAY_PORT);
  const su = postgres(BENCH_DATABASE_URL, { max: 1, onnotice: () => {} });
  await su.unsafe(`DO $$ BEGIN IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = '${ROLE}') THEN CREATE ROLE ${ROLE} LOGIN SUPERUSER; END IF; END $$`);
  await su.unsafe(`ALTER ROLE ${ROLE} SET log_min_duration_statement = 0`);
  const url = new URL(BENCH_DATABASE_URL);
  url.username = ROLE;
  const relayEnv = benchRelayEnv(RELAY_PORT);
  const app = startNextServer({
    NODE_ENV: "production",
    DATABASE_URL: url.toString(),
    AUTH_SECRET: "orderline-bench-secret-not-for-production",
    NEXTAUTH_URL: ORIGIN,
    APP_URL: ORIGIN,
    // Another build to compare with (e.g. one of the commit before a change) by PROFILE_DIST_DIR.
    NEXT_DIST_DIR: process.env.PROFILE_DIST_DIR ?? ".next-bench",
    NEXT_TELEMETRY_DISABLED: "1",
    PORT: String(PORT),
    WHATSAPP_APP_SECRET,
    WHATSAPP_VERIFY_TOKEN,
    ...relayEnv,
    ...(process.env.PROFILE_NODE_OPTIONS ? { NODE_OPTIONS: process.env.PROFILE_NODE_OPTIONS } : {}),
  });
  const relay = start("relay", "npx", ["tsx", "scripts/realtime-relay.ts"], relayEnv);
  try {
    await waitForHttp(`${ORIGIN}/api/openapi.json`, 60_000);
    await waitForHttp(`http://127.0.0.1:${RELAY_PORT}/`, 30_000);
    let n = 0;
    const next = (): LoadRequest => {
      const i = n++;
      const c = i % SCALE.tokenCustomers;
      const mine = ordersOfCustomer(c);
      const order = orderNumber(mine[Math.floor(i / SCALE.tokenCustomers) % mine.length]!);
      const headers = { authorization: `Bearer ${benchToken(customerEmail(c))}` };
      // The floors (bench-only routes) for comparison: the same build doing one INSERT or one SELECT.
      if (what === "insert") return { method: "POST", path: "/api/bench/insert", body: JSON.stringify({ content: `profile ${i}` }) };
      if (what === "select") return { method: "GET", path: "/api/bench/select" };
      if (what === "noop") return { method: "POST", path: "/api/bench/noop", body: "{}" };
      // The admin's unread inbox (its refresh of the unread set is the slowest read path).
      if (what === "unreadInbox")
        return { method: "GET", path: `/api/trpc/threads.list?input=${encodeURIComponent(JSON.stringify({ limit: 50, unreadOnly: true }))}`, headers: { authorization: `Bearer ${benchToken(ADMIN_EMAIL)}` } };
      // The REST plumbing alone: a send without credentials, refused (401) before any query.
      if (what === "anonymous") return { method: "POST", path: `/api/orders/${order}/messages`, body: JSON.stringify({ content: `profile ${i}` }) };
      return what === "thread"
        ? { method: "GET", path: `/api/orders/${order}/messages`, headers }
        : { method: "POST", path: `/api/orders/${order}/messages`, headers, body: JSON.stringify({ content: `profile ${i}` }) };
    };
    const seconds = Number(secondsArg);
    const connections = Number(connectionsArg);
    // The senders' phones on their orders (as `npm run bench` gives them), else every event is unmatched.
    if (what === "webhook") await ensureCustomerPhones(su);
    // Warm-up (JIT, pools, plans), then measure. A warm-up longer than one pass over the token
    // customers (PROFILE_WARMUP_SECONDS=40 at 8 connections) measures with their tokens cached.
    const warmup = Number(process.env.PROFILE_WARMUP_SECONDS ?? 2);
    if (what === "webhook") await measureWebhook({ origin: ORIGIN, sql: su, connections: 8, seconds: warmup });
    else await load({ origin: ORIGIN, connections, seconds: warmup, next });
    await new Promise((r) => setTimeout(r, 1000));
    const backends = async () =>
      (await su<{ pid: number }[]>`SELECT pid FROM pg_stat_activity WHERE usename = ${ROLE}`).map((r) => r.pid);
    const logStart = statSync(LOG).size;
    const idleRss = treeRssMb(app.pid!);
    const appPids = tree(app.pid!);
    const relayPids = tree(relay.pid!);
    const before = { app: cpuOf(appPids), relay: cpuOf(relayPids), pg: new Map((await backends()).map((p) => [p, ticks(p)])) };
    // A preloaded probe (PROFILE_NODE_OPTIONS="--import ./bench/cpu-profiler.mjs" or memory-probe.mjs)
    // starts on SIGUSR2 and reports on the next.
    const signalProfiler = () => {
      if (!process.env.PROFILE_NODE_OPTIONS) return;
      for (const pid of appPids) process.kill(pid, "SIGUSR2");
    };
    signalProfiler();
    const t0 = performance.now();
    const result =
      what === "webhook"
        ? await measureWebhook({ origin: ORIGIN, sql: su, connections, seconds })
        : await load({ origin: ORIGIN, connections, seconds, next, rssOf: app.pid });
    const wall = (performance.now() - t0) / 1000;
    signalProfiler();
    const pgPids = await backends();
    const pgCpu = pgPids.reduce((s, p) => s + (ticks(p) - (before.pg.get(p) ?? 0)), 0) / 100;
    const okStatuses = Object.entries(result.statuses as Record<string, number>).filter(([code]) => code.startsWith(what === "anonymous" ? "4" : "2"));
    const done = "answered" in result ? (result as { answered: number }).answered : okStatuses.reduce((sum, [, k]) => sum + k, 0);
    const perReq = (cpuSeconds: number) => `${((cpuSeconds * 1000) / done).toFixed(2)} ms`;
    const appCpu = cpuOf(appPids) - before.app;
    const relayCpu = cpuOf(relayPids) - before.relay;
    console.log(`${what} c${connections}: ${done} ok in ${wall.toFixed(1)} s (${(done / wall).toFixed(0)}/s), p50 ${result.p50} p99 ${result.p99} ms, statuses ${JSON.stringify("statuses" in result ? result.statuses : {})}`);
    if (what === "webhook") {
      const { eventStatuses, lost } = result as WebhookResult;
      console.log(`events ${JSON.stringify(eventStatuses)}, lost ${lost}`);
    }
    console.log(`CPU per ok request: app ${perReq(appCpu)}, relay ${perReq(relayCpu)}, app's postgres backends ${perReq(pgCpu)} (${pgPids.length} backends)`);
    if ("rssPeakMb" in result) console.log(`app RSS: ${idleRss} MB before the load, peak ${result.rssPeakMb} MB during it`);

    // Per-statement time as Postgres logged it ("duration: X ms  execute <name>: <sql>").
    const text = logSince(LOG, logStart);
    const byStatement = new Map<string, { n: number; ms: number }>();
    for (const m of text.matchAll(new RegExp(`${ROLE}@\\S+ LOG:  duration: ([\\d.]+) ms  (execute|statement|bind|parse)(?: [^:]*)?:\\s*([^\\n]*)`, "g"))) {
      // Bind (planning, for a custom plan) and execute apart: a plan's cost shows on its own.
      const key = `${m[2]!.padEnd(7)} ${m[3]!.replace(/\s+/g, " ").slice(0, 100)}`;
      const e = byStatement.get(key) ?? { n: 0, ms: 0 };
      e.n++;
      e.ms += Number(m[1]);
      byStatement.set(key, e);
    }
    const rows = [...byStatement.entries()].sort((a, b) => b[1].ms - a[1].ms).slice(0, 15);
    console.log("statements (server time, summed over the run; per ok request):");
    for (const [k, v] of rows) console.log(`  ${String(v.n).padStart(6)}× ${(v.ms / v.n).toFixed(3).padStart(8)} ms avg ${(v.ms / done).toFixed(3).padStart(8)} ms/req  ${k}`);
  } finally {
    await stop(app);
    await stop(relay);
    await su.unsafe(`ALTER ROLE ${ROLE} RESET log_min_duration_statement`);
    await su.end();
  }
}

await main();
