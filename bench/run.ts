/**
 * `npm run bench`: the app as built, at a million messages, side by side with its floors.
 *
 *   npm run bench                 full run (about 10–15 min on 2 cores, generation included)
 *   npm run bench -- --quick      short loads and fewer samples, for iteration
 *   npm run bench -- --fresh      regenerate the data set first
 *   npm run bench -- --no-build   reuse the last bench build (.next-bench)
 *   npm run bench -- --table [--plans]   print the last run's table (and plans) again
 *   npm run bench -- --only webhook,live  only these measures, merged into the last results.json
 *
 * Only the public surface is driven (REST, tRPC over HTTP, NextAuth sign-in) plus SQL against the
 * schema for the ILIKE baseline, receipts top-up and plans: nothing imports messaging code, so
 * the bench measures whatever the send and read paths become.
 */
import { execFileSync } from "node:child_process";
import { existsSync, readFileSync, statSync, writeFileSync } from "node:fs";
import { loadavg } from "node:os";
import path from "node:path";
import postgres from "postgres";
import {
  ADMIN_EMAIL,
  BENCH_DATABASE_URL,
  BENCH_PASSWORD,
  benchToken,
  customerEmail,
  FLOOR_ORDER_NUMBER,
  orderNumber,
  ordersOfCustomer,
  READER_EMAIL,
  SCALE,
} from "./config";
import { ensureBenchData, type BenchMeta } from "./generate";
import { benchRelayEnv, measureLive, type LiveResult } from "./live";
import { load, type LoadRequest, type LoadResult } from "./load";
import { start, startNextServer, stop, treeRssMb, waitForHttp } from "./processes";
import { logSince } from "./server-log";
import { summarize, type Summary } from "./stats";
import { buildVocabulary, prng, zipfTextOf } from "./vocabulary";
import { ensureCustomerPhones, measureWebhook, WHATSAPP_APP_SECRET, WHATSAPP_VERIFY_TOKEN, type WebhookResult } from "./webhook";

const args = new Set(process.argv.slice(2));
const QUICK = args.has("--quick");
const LOAD_SECONDS = QUICK ? 4 : 12;
const CONNECTIONS = [8, 32];
const SERIAL_SAMPLES = QUICK ? 15 : 60;
/** Time one serial measure may take before it stops at the samples it has (at least the minimum). */
const SERIAL_BUDGET_MS = QUICK ? 8_000 : 20_000;
const SERIAL_MIN_SAMPLES = 3;
const SESSION_USERS = QUICK ? 60 : 500;
const PORT = Number(process.env.BENCH_PORT ?? 3204);
const CEILING_PORT = PORT + 1;
const RELAY_PORT = PORT + 2;
const ONLY = process.argv.includes("--only") ? (process.argv[process.argv.indexOf("--only") + 1] ?? "").split(",").filter(Boolean) : null;
const WEBHOOK_SECONDS = QUICK ? 5 : 15;
const LIVE_SAMPLES = QUICK ? 10 : 40;
const ORIGIN = `http://127.0.0.1:${PORT}`;
const DIST_DIR = ".next-bench";
const root = path.resolve(import.meta.dirname, "..");
const log = (...a: unknown[]) => console.log("[bench]", ...a);

type Serial = Summary & { statuses: Record<string, number> };

async function main() {
  const startedAt = Date.now();
  const loadAtStart = loadavg();
  const meta = await ensureBenchData({ fresh: args.has("--fresh") });
  const sql = postgres(BENCH_DATABASE_URL, { max: 2, onnotice: () => {} });

  if (!args.has("--no-build") || !existsSync(path.join(root, DIST_DIR, "BUILD_ID"))) build();
  assertBenchRoutesBuilt();

  const appEnv = benchAppEnv();
  let app = startNextServer(appEnv);
  const ceiling = start("ceiling", "node", ["--import", "tsx", "bench/ceiling-server.ts"], { DATABASE_URL: BENCH_DATABASE_URL, PORT: String(CEILING_PORT) });
  const relay = startRelay();
  const results: Record<string, unknown> = {};
  try {
    await waitForHttp(`${ORIGIN}/api/openapi.json`, 60_000);
    await waitForHttp(`http://127.0.0.1:${CEILING_PORT}/`, 30_000);
    await waitForHttp(`http://127.0.0.1:${RELAY_PORT}/`, 30_000);
    const idleRss = treeRssMb(app.pid!);

    log(`signing in ${SESSION_USERS} customers and the admin (NextAuth credentials)`);
    const cookies = await signInMany(Array.from({ length: SESSION_USERS }, (_, c) => customerEmail(c)));
    const adminToken = benchToken(ADMIN_EMAIL);
    const callers = {
      token: Array.from({ length: SCALE.tokenCustomers }, (_, c) => ({ c, headers: { authorization: `Bearer ${benchToken(customerEmail(c))}` } })),
      session: cookies.map((cookie, c) => ({ c, headers: { cookie, origin: ORIGIN } })),
    };
    const text = zipfTextOf(buildVocabulary(), prng(7));
    let n = 0;
    const content = () => `bench ${text()} ${n}`;
    // Round robin over callers and each caller's orders: every user sends at rps / callers.
    const rotate = (list: { c: number; headers: Record<string, string> }[], method: "GET" | "POST") => (): LoadRequest => {
      const i = n++;
      const caller = list[i % list.length]!;
      const mine = ordersOfCustomer(caller.c);
      const order = orderNumber(mine[Math.floor(i / list.length) % mine.length]!);
      return method === "POST"
        ? { method, path: `/api/orders/${order}/messages`, headers: caller.headers, body: JSON.stringify({ content: content() }) }
        : { method, path: `/api/orders/${order}/messages`, headers: caller.headers };
    };
    const floorBody = () => JSON.stringify({ content: content() });
    const columns: Record<string, { origin: string; next: () => LoadRequest; rss: boolean }> = {
      ceiling: { origin: `http://127.0.0.1:${CEILING_PORT}`, next: () => ({ method: "POST", path: "/", body: floorBody() }), rss: false },
      "nextFloor.noop": { origin: ORIGIN, next: () => ({ method: "POST", path: "/api/bench/noop", body: "{}" }), rss: true },
      "nextFloor.insert": { origin: ORIGIN, next: () => ({ method: "POST", path: "/api/bench/insert", body: floorBody() }), rss: true },
      "nextFloor.select": { origin: ORIGIN, next: () => ({ method: "GET", path: "/api/bench/select" }), rss: true },
      "send.token": { origin: ORIGIN, next: rotate(callers.token, "POST"), rss: true },
      "send.session": { origin: ORIGIN, next: rotate(callers.session, "POST"), rss: true },
      "thread.token": { origin: ORIGIN, next: rotate(callers.token, "GET"), rss: true },
      "thread.session": { origin: ORIGIN, next: rotate(callers.session, "GET"), rss: true },
    };

    log("warming up");
    for (const [name, col] of Object.entries(columns)) {
      const w = await load({ origin: col.origin, connections: 8, seconds: 2, next: col.next });
      if (w.rps === 0) throw new Error(`${name}: no 2xx while warming up (${JSON.stringify(w.statuses)})`);
    }
    await sleep(10_000); // let the warm-up's sends leave the rate-limit window

    const loads: Record<string, Record<string, LoadResult>> = {};
    for (const c of CONNECTIONS) {
      for (const [name, col] of Object.entries(columns)) {
        const r = await load({ origin: col.origin, connections: c, seconds: LOAD_SECONDS, next: col.next, rssOf: col.rss ? app.pid : undefined });
        (loads[name] ??= {})[`c${c}`] = r;
        log(`${name.padEnd(17)} c${c}: ${r.rps} req/s, p50 ${r.p50} p95 ${r.p95} p99 ${r.p99} ms, ${fmtStatuses(r.statuses)}${r.rssPeakMb ? `, rss ${r.rssPeakMb} MB` : ""}`);
        if (name.startsWith("send")) await sleep(QUICK ? 2_000 : 10_000); // rate-limit window empties between send runs
      }
    }
    const rssAfterLoad = treeRssMb(app.pid!);

    // One request at a time: the server's own time for the read paths, with HTTP in it.
    log("one request at a time: thread pages, inbox, search");
    await topUpReaderReceipts(sql);
    const admin = { authorization: `Bearer ${adminToken}` };
    const reader = { authorization: `Bearer ${benchToken(READER_EMAIL)}` };
    const serial: Record<string, Serial> = {};
    const samples = (k: number) => Array.from({ length: k }, (_, i) => i);
    const unreadBuild = {
      admin: await completeUnreadSet(sql, ADMIN_EMAIL, trpcGet("threads.list", { limit: 50, unreadOnly: true }), admin),
      reader: await completeUnreadSet(sql, READER_EMAIL, `/api/admin/messages/search?unread=true`, reader),
    };
    serial["thread"] = await timeSerial(samples(SERIAL_SAMPLES * 2).map((i) => `/api/orders/${orderNumber((i * 7919) % SCALE.orders)}/messages`), admin);
    const inboxInputs: Record<string, object> = {
      all: {},
      open: { status: "open" },
      closed: { status: "closed" },
      unreadOnly: { unreadOnly: true },
    };
    const inbox: Record<string, Serial> = {};
    for (const [k, input] of Object.entries(inboxInputs)) inbox[k] = await timeSerial(samples(SERIAL_SAMPLES).map(() => trpcGet("threads.list", { limit: 50, ...input })), admin);
    // The inbox's filters without a keyword go through search (InboxSearchForm): 50 a page as the inbox asks.
    const searchFilters: Record<string, string> = {
      channel: "channel=email",
      senderRole: "senderRole=supplier",
      orderStatus: "orderStatus=refunded",
      storeId: "storeId=bench-s0042",
      status: "status=closed",
      unread: "unread=true",
    };
    for (const [k, q] of Object.entries(searchFilters)) inbox[`search.${k}`] = await timeSerial(samples(SERIAL_SAMPLES).map(() => `/api/admin/messages/search?${q}&limit=50`), admin);
    const search: Record<string, { word: string; messages: number } & Serial> = {};
    for (const level of ["rare", "mid", "common"] as const) {
      const w = meta.words[level];
      search[level] = { ...w, ...(await timeSerial(samples(SERIAL_SAMPLES).map(() => `/api/admin/messages/search?keyword=${w.word}`), admin)) };
    }
    const ilike: Record<string, { word: string; page: Summary; scan: Summary }> = {};
    for (const level of ["rare", "mid", "common"] as const) ilike[level] = await timeIlike(sql, meta.words[level].word);
    const unreadSearch = await timeSerial(samples(SERIAL_SAMPLES).map(() => `/api/admin/messages/search?unread=true`), reader);
    const unreadSearchKeyword = await timeSerial(samples(SERIAL_SAMPLES).map(() => `/api/admin/messages/search?unread=true&keyword=${meta.words.common.word}`), reader);

    const extra = await newMeasures(sql, cookies[0]!, ["live", "webhook"]);

    // Plans: the app's own statements, as Postgres ran them, for one request of each kind.
    await stop(app);
    log("plans: restarting the app with auto_explain for a few requests");
    const plans = await capturePlans(appEnv, meta, (a) => (app = a));

    Object.assign(results, {
      meta: {
        date: new Date().toISOString(),
        command: `npm run bench${QUICK ? " -- --quick" : ""}`,
        quick: QUICK,
        loadSeconds: LOAD_SECONDS,
        machine: { cores: (await import("node:os")).cpus().length, loadAvgAtStart: loadAtStart.map((x) => +x.toFixed(2)), loadAvgAtEnd: loadavg().map((x) => +x.toFixed(2)) },
        data: meta.counts,
        generatedAt: meta.generatedAt,
        generationSeconds: meta.seconds,
        callers: { tokenCustomers: SCALE.tokenCustomers, sessionCustomers: SESSION_USERS },
      },
      send: { token: loads["send.token"], session: loads["send.session"] },
      ceiling: loads["ceiling"],
      nextFloor: { noop: loads["nextFloor.noop"], insert: loads["nextFloor.insert"], select: loads["nextFloor.select"] },
      thread: { token: loads["thread.token"], session: loads["thread.session"], serial: serial["thread"] },
      inbox,
      search,
      ilike,
      unreadSearch: { ...unreadSearch, withCommonKeyword: unreadSearchKeyword },
      unreadBuild,
      rss: { idleMb: idleRss, afterLoadMb: rssAfterLoad, peakMb: Math.max(...Object.values(loads).flatMap((l) => Object.values(l).map((r) => r.rssPeakMb ?? 0))) },
      ...extra,
      plans,
    });
    results.goals = goals(results);
    results.meta = { ...(results.meta as object), seconds: Math.round((Date.now() - startedAt) / 1000) };
    writeFileSync(path.join(root, "bench/results.json"), JSON.stringify(results, null, 2) + "\n");
    console.log("\n" + table(results));
    printPlans(results.plans as Record<string, string[]>);
    log(`wrote bench/results.json (${Math.round((Date.now() - startedAt) / 1000)} s in all)`);
  } finally {
    await stop(app);
    await stop(ceiling);
    await stop(relay);
    await redateFloorThread(sql);
    await sql.end();
  }
}

/** The app as the bench runs it: production, WhatsApp configured, broadcasting to the local relay. */
function benchAppEnv(): Record<string, string> {
  return {
    NODE_ENV: "production",
    DATABASE_URL: BENCH_DATABASE_URL,
    AUTH_SECRET: "orderline-bench-secret-not-for-production",
    NEXTAUTH_URL: ORIGIN,
    APP_URL: ORIGIN,
    NEXT_DIST_DIR: DIST_DIR,
    NEXT_TELEMETRY_DISABLED: "1",
    PORT: String(PORT),
    WHATSAPP_APP_SECRET,
    WHATSAPP_VERIFY_TOKEN,
    ...relayEnv(),
  };
}

const relayEnv = () => benchRelayEnv(RELAY_PORT);

/** The local Pusher-protocol relay (src/server/realtime/relay/) in its own process, as `npm run realtime:relay`. */
function startRelay() {
  return start("relay", "npx", ["tsx", "scripts/realtime-relay.ts"], relayEnv());
}

/**
 * The measures issue 13 added once channels and realtime landed. Live first: the webhook's
 * messages land in bench customers' threads and their broadcasts must not reach the live client.
 */
async function newMeasures(sql: postgres.Sql, customerCookie: string, which: string[]) {
  const out: { live?: LiveResult; webhook?: WebhookResult } = {};
  if (which.includes("live")) {
    log(`live: pusher-js on customer 0's thread, ${LIVE_SAMPLES} admin sends`);
    out.live = await measureLive({
      origin: ORIGIN,
      sql,
      relay: { host: "127.0.0.1", port: RELAY_PORT },
      customerCookie,
      adminToken: benchToken(ADMIN_EMAIL),
      orderNumber: orderNumber(ordersOfCustomer(0)[0]!),
      samples: LIVE_SAMPLES,
      gapMs: QUICK ? 200 : 400,
    });
    log(`live: n ${out.live.n}, p50 ${out.live.p50} p95 ${out.live.p95} ms (send HTTP p50 ${out.live.sendHttp.p50} ms), missed ${out.live.missed}, sends ${fmtStatuses(out.live.sendStatuses)}`);
  }
  if (which.includes("webhook")) {
    const phones = await ensureCustomerPhones(sql);
    if (phones) log(`webhook: gave ${phones} orders of token customers a phone`);
    // Warm the route (JIT, pools) with a short run, then the measured one.
    await measureWebhook({ origin: ORIGIN, sql, connections: 8, seconds: 2 });
    out.webhook = await measureWebhook({ origin: ORIGIN, sql, connections: 32, seconds: WEBHOOK_SECONDS });
    const w = out.webhook;
    log(`webhook c32: ${w.rps} events/s, p50 ${w.p50} p95 ${w.p95} p99 ${w.p99} ms, ${fmtStatuses(w.statuses)}; answered ${w.answered}, lost ${w.lost}, events ${fmtStatuses(w.eventStatuses)}`);
  }
  return out;
}

/** `--only webhook,live`: the app as built, these measures alone, merged into the last results.json. */
async function onlyMain(which: string[]) {
  const unknown = which.filter((w) => !["webhook", "live"].includes(w));
  if (unknown.length || !which.length) throw new Error(`--only takes webhook and/or live, not "${unknown.join(",")}"`);
  await ensureBenchData({ fresh: false });
  const sql = postgres(BENCH_DATABASE_URL, { max: 2, onnotice: () => {} });
  if (!args.has("--no-build") || !existsSync(path.join(root, DIST_DIR, "BUILD_ID"))) build();
  const app = startNextServer(benchAppEnv());
  const relay = startRelay();
  const loadAtStart = loadavg();
  try {
    await waitForHttp(`${ORIGIN}/api/openapi.json`, 60_000);
    await waitForHttp(`http://127.0.0.1:${RELAY_PORT}/`, 30_000);
    const [cookie] = which.includes("live") ? await signInMany([customerEmail(0)]) : [""];
    const extra = await newMeasures(sql, cookie!, which);
    const file = path.join(root, "bench/results.json");
    const results = (existsSync(file) ? JSON.parse(readFileSync(file, "utf8")) : {}) as Record<string, unknown>;
    Object.assign(results, extra);
    results.newMeasuresMeta = {
      date: new Date().toISOString(),
      command: `npm run bench -- --only ${which.join(",")}${args.has("--no-build") ? " --no-build" : ""}${QUICK ? " --quick" : ""}`,
      loadAvgAtStart: loadAtStart.map((x) => +x.toFixed(2)),
      loadAvgAtEnd: loadavg().map((x) => +x.toFixed(2)),
    };
    delete results.webhookNote;
    if (results.send) {
      results.goals = goals(results);
      writeFileSync(file, JSON.stringify(results, null, 2) + "\n");
      console.log("\n" + table(results));
    } else {
      console.log(JSON.stringify(extra, null, 2));
    }
  } finally {
    await stop(app);
    await stop(relay);
    await sql.end();
  }
}

function build() {
  log("next build (bench routes on) →", DIST_DIR);
  // next build rewrites tsconfig.json's include list for its dist dir: keep the committed one.
  const tsconfig = readFileSync(path.join(root, "tsconfig.json"), "utf8");
  const started = Date.now();
  try {
    execFileSync("npx", ["next", "build"], {
      cwd: root,
      stdio: ["ignore", "ignore", "inherit"],
      env: { ...process.env, NEXT_DIST_DIR: DIST_DIR, ORDERLINE_BENCH_ROUTES: "1", ORDERLINE_BUILD_SKIP_TYPECHECK: "1", NEXT_TELEMETRY_DISABLED: "1", NODE_ENV: "production" },
    });
  } finally {
    writeFileSync(path.join(root, "tsconfig.json"), tsconfig);
  }
  log(`built in ${Math.round((Date.now() - started) / 1000)} s`);
}

/** The floors must be in this build (and, by the unit test, in no normal one). */
function assertBenchRoutesBuilt() {
  const manifest = JSON.parse(readFileSync(path.join(root, DIST_DIR, "app-path-routes-manifest.json"), "utf8")) as Record<string, string>;
  const routes = Object.values(manifest);
  for (const r of ["/api/bench/noop", "/api/bench/insert", "/api/bench/select"])
    if (!routes.includes(r)) throw new Error(`${DIST_DIR} has no ${r}: was it built with ORDERLINE_BENCH_ROUTES=1?`);
}

/** NextAuth credentials sign-in, as a browser does it: csrf cookie + token, then the callback. */
async function signIn(email: string): Promise<string> {
  const csrf = await fetch(`${ORIGIN}/api/auth/csrf`);
  const { csrfToken } = (await csrf.json()) as { csrfToken: string };
  const jar = csrf.headers.getSetCookie().map((c) => c.split(";")[0]).join("; ");
  const res = await fetch(`${ORIGIN}/api/auth/callback/credentials`, {
    method: "POST",
    redirect: "manual",
    headers: { "content-type": "application/x-www-form-urlencoded", cookie: jar, origin: ORIGIN },
    body: new URLSearchParams({ csrfToken, email, password: BENCH_PASSWORD, json: "true" }),
  });
  const session = res.headers.getSetCookie().map((c) => c.split(";")[0]!).find((c) => c.startsWith("next-auth.session-token="));
  if (!session) throw new Error(`sign-in of ${email} failed: ${res.status}`);
  return session;
}

async function signInMany(emails: string[]): Promise<string[]> {
  const out: string[] = new Array(emails.length);
  let next = 0;
  const started = Date.now();
  await Promise.all(
    Array.from({ length: 4 }, async () => {
      while (next < emails.length) {
        const i = next++;
        out[i] = await signIn(emails[i]!);
      }
    }),
  );
  log(`${emails.length} sign-ins in ${((Date.now() - started) / 1000).toFixed(1)} s`);
  return out;
}

const trpcGet = (procedure: string, input: object) => `/api/trpc/${procedure}?input=${encodeURIComponent(JSON.stringify(input))}`;

async function timeSerial(paths: string[], headers: Record<string, string>): Promise<Serial> {
  const times: number[] = [];
  const statuses: Record<string, number> = {};
  // The first request of a kind pays for JIT and plan caches: not counted, unless it is slow
  // anyway (then those costs are noise, and repeating it would only stretch the run).
  const first = performance.now();
  const warm = await fetch(ORIGIN + paths[0], { headers });
  await warm.arrayBuffer();
  const firstMs = performance.now() - first;
  if (firstMs > 1000 && warm.ok) {
    times.push(firstMs);
    statuses[warm.status] = 1;
  }
  const budgetEnds = performance.now() + SERIAL_BUDGET_MS;
  for (const p of paths) {
    // A slow query is measured on fewer samples rather than stretching the run past 20 minutes.
    if (times.length >= SERIAL_MIN_SAMPLES && performance.now() > budgetEnds) break;
    const t = performance.now();
    const res = await fetch(ORIGIN + p, { headers });
    await res.arrayBuffer();
    const ms = performance.now() - t;
    statuses[res.status] = (statuses[res.status] ?? 0) + 1;
    if (res.ok) times.push(ms);
  }
  const result = { ...summarize(times), statuses };
  log(`  ${paths[0]!.slice(0, 90)}: n ${result.n}, p50 ${result.p50} p95 ${result.p95} ms, ${fmtStatuses(statuses)}`);
  return result;
}

type UnreadBuild = Summary & { requests: number; seconds: number; complete: boolean; watermarkBefore: string | null };

/**
 * Sends `path` as `email` until that user's unread set is complete (its watermark within two
 * scan margins of now), timing each request: the unread measures after it are then of a complete
 * set, and this says apart what bringing it there cost — a first build, or the catch-up after the
 * loads' messages. Without it the 20 s serial budget ended mid-build and one figure mixed both.
 */
async function completeUnreadSet(sql: postgres.Sql, email: string, path: string, headers: Record<string, string>): Promise<UnreadBuild> {
  const watermark = async () =>
    (
      await sql<{ at: string | null; done: boolean }[]>`
        SELECT w.scanned_through::text AS at, coalesce(w.scanned_through > now() - interval '2 minutes 30 seconds', false) AS done
        FROM users u LEFT JOIN unread_watermarks w ON w.user_id = u.id WHERE u.email = ${email}`
    )[0]!;
  const before = await watermark();
  const times: number[] = [];
  const started = performance.now();
  let done = before.done;
  while (!done && times.length < 1000 && performance.now() - started < 300_000) {
    const t = performance.now();
    const res = await fetch(ORIGIN + path, { headers });
    await res.arrayBuffer();
    if (!res.ok) throw new Error(`${path}: ${res.status} while completing ${email}'s unread set`);
    times.push(performance.now() - t);
    done = (await watermark()).done;
  }
  const result = { ...summarize(times), requests: times.length, seconds: +((performance.now() - started) / 1000).toFixed(1), complete: done, watermarkBefore: before.at };
  log(`unread set of ${email}: ${result.requests} requests, ${result.seconds} s to complete (from ${before.at ?? "nothing"}), p50 ${result.p50} p95 ${result.p95} ms a request`);
  return result;
}

/**
 * The seed's search: ILIKE '%word%' on content, the same joins, newest first. "page" is the first
 * 21 hits (what a search page asks; a frequent word ends early walking the time index); "scan"
 * counts every hit, which has to read every message (the seed's cost for a rare word or a total).
 */
async function timeIlike(sql: postgres.Sql, word: string) {
  const pattern = `%${word}%`;
  const time = async (run: () => Promise<unknown>, k: number) => {
    await run();
    const t: number[] = [];
    for (let i = 0; i < k; i++) {
      const s = performance.now();
      await run();
      t.push(performance.now() - s);
    }
    return summarize(t);
  };
  const k = QUICK ? 3 : 7;
  return {
    word,
    page: await time(
      () => sql`SELECT messages.id FROM messages JOIN threads ON threads.id = messages.thread_id JOIN orders ON orders.id = threads.order_id
                WHERE messages.content ILIKE ${pattern} ORDER BY messages.created_at DESC, messages.id DESC LIMIT 21`,
      k,
    ),
    scan: await time(() => sql`SELECT count(*) FROM messages WHERE content ILIKE ${pattern}`, k),
  };
}

/**
 * The reader admin "has read everything": every message without their receipt gets one, whenever it
 * was written. Topping up only the last two hours left the floor thread's seed message (dated a day
 * back) and earlier runs' webhook messages unread, so unread=true measured a reader with a backlog.
 */
async function topUpReaderReceipts(sql: postgres.Sql) {
  await sql`
    INSERT INTO message_reads (message_id, user_id, store_id, role)
    SELECT messages.id, users.id, messages.store_id, 'admin'
    FROM messages CROSS JOIN users
    WHERE users.email = ${READER_EMAIL}
      AND messages.sender_id IS DISTINCT FROM users.id
      AND NOT EXISTS (SELECT 1 FROM message_reads r WHERE r.message_id = messages.id AND r.user_id = users.id)`;
}

/** The floors' INSERTs land in one thread: give it the activity times its messages say. */
async function redateFloorThread(sql: postgres.Sql) {
  await sql`
    UPDATE threads SET last_message_at = m.last, last_public_message_at = m.last
    FROM (SELECT thread_id, max(created_at) AS last FROM messages GROUP BY thread_id) m
    WHERE m.thread_id = threads.id
      AND threads.order_id = (SELECT id FROM orders WHERE order_number = ${FLOOR_ORDER_NUMBER})`;
}

/**
 * Restarts the app connected as a role whose sessions load auto_explain (ANALYZE, every
 * statement), sends one request of each kind and reads the plans back from the server log. The
 * plans are the app's own statements, whatever shape they take after a change; timings here
 * include the instrumentation, so the latencies above come from the run without it.
 */
async function capturePlans(appEnv: Record<string, string>, meta: BenchMeta, setApp: (a: ReturnType<typeof startNextServer>) => void) {
  const su = postgres(BENCH_DATABASE_URL, { max: 1, onnotice: () => {} });
  const out: Record<string, string[]> = {};
  try {
    // Debian's packaged server logs to /var/log/postgresql/postgresql-<major>-main.log.
    const [version] = await su<{ v: string }[]>`SELECT current_setting('server_version_num') AS v`;
    const logFile = process.env.BENCH_PG_LOG || `/var/log/postgresql/postgresql-${Math.floor(Number(version!.v) / 10000)}-main.log`;
    if (!existsSync(logFile)) return { note: `no server log at ${logFile}: plans not captured` };
    await su.unsafe(`DO $$ BEGIN IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'orderline_bench_explain') THEN CREATE ROLE orderline_bench_explain LOGIN SUPERUSER; END IF; END $$`);
    await su.unsafe(`ALTER ROLE orderline_bench_explain SET session_preload_libraries = 'auto_explain'`);
    for (const [k, v] of [["log_min_duration", "0"], ["log_analyze", "on"], ["log_buffers", "on"], ["log_nested_statements", "on"], ["log_format", "text"]])
      await su.unsafe(`ALTER ROLE orderline_bench_explain SET auto_explain.${k} = '${v}'`);
    const url = new URL(BENCH_DATABASE_URL);
    url.username = "orderline_bench_explain";
    const app = startNextServer({ ...appEnv, DATABASE_URL: url.toString() });
    setApp(app);
    await waitForHttp(`${ORIGIN}/api/openapi.json`, 60_000);
    const admin = { authorization: `Bearer ${benchToken(ADMIN_EMAIL)}` };
    const reader = { authorization: `Bearer ${benchToken(READER_EMAIL)}` };
    const requests: [string, string, Record<string, string>][] = [
      ["search.rare", `/api/admin/messages/search?keyword=${meta.words.rare.word}`, admin],
      ["search.mid", `/api/admin/messages/search?keyword=${meta.words.mid.word}`, admin],
      ["search.common", `/api/admin/messages/search?keyword=${meta.words.common.word}`, admin],
      ["search.channel", `/api/admin/messages/search?channel=email&limit=50`, admin],
      ["unreadSearch", `/api/admin/messages/search?unread=true`, reader],
      ["inbox.all", trpcGet("threads.list", { limit: 50 }), admin],
      ["inbox.unreadOnly", trpcGet("threads.list", { limit: 50, unreadOnly: true }), admin],
      ["thread", `/api/orders/${orderNumber(4242)}/messages`, admin],
    ];
    // One warm-up request (connections open, the token lookup cached if it is) before each.
    for (const [name, p, headers] of requests) {
      await fetch(ORIGIN + p, { headers }).then((r) => r.arrayBuffer());
      await sleep(300);
      const before = statSync(logFile).size;
      await fetch(ORIGIN + p, { headers }).then((r) => r.arrayBuffer());
      await sleep(500);
      const text = logSince(logFile, before);
      out[name] = slowestPlans(text);
    }
    return out;
  } catch (error) {
    return { note: `plans not captured: ${(error as Error).message}` };
  } finally {
    await su.end();
  }
}

/** The plans auto_explain logged, slowest first (the top three). */
function slowestPlans(logText: string): string[] {
  const entries = logText.split(/\n(?=\S.*? LOG: {2})/).filter((e) => e.includes("duration:") && e.includes("plan:"));
  return entries
    .map((e) => ({ ms: Number(/duration: ([\d.]+) ms/.exec(e)?.[1] ?? 0), e: e.replace(/^.*? LOG: {2}/, "") }))
    .sort((a, b) => b.ms - a.ms)
    .slice(0, 3)
    .map((x) => x.e.trim());
}

function goals(r: Record<string, unknown>) {
  const x = r as {
    send: Record<string, Record<string, LoadResult>>;
    nextFloor: Record<string, Record<string, LoadResult>>;
    thread: Record<string, Record<string, LoadResult>> & { serial: Serial };
    inbox: Record<string, Serial>;
    search: Record<string, Serial>;
    ilike: Record<string, { scan: Summary; page: Summary }>;
    unreadSearch: Serial;
    rss: { peakMb: number };
  };
  const g: { goal: string; target: string; measured: string; met: boolean }[] = [];
  for (const cred of ["token", "session"]) {
    const ratio = x.send[cred]!.c32!.rps / x.nextFloor.insert!.c32!.rps;
    g.push({ goal: `send (${cred}) vs bare INSERT route, c32`, target: "≥ 70 %", measured: pct(ratio), met: ratio >= 0.7 });
    g.push({ goal: `send (${cred}) p99, c32`, target: "< 100 ms", measured: `${x.send[cred]!.c32!.p99} ms`, met: x.send[cred]!.c32!.p99 < 100 });
    const tr = x.thread[cred]!.c32!.rps / x.nextFloor.select!.c32!.rps;
    g.push({ goal: `thread read (${cred}) vs bare SELECT-50 route, c32`, target: "≥ 70 %", measured: pct(tr), met: tr >= 0.7 });
  }
  g.push({ goal: "thread page p95, one at a time", target: "< 10 ms", measured: `${x.thread.serial.p95} ms`, met: x.thread.serial.p95 < 10 });
  for (const [k, s] of Object.entries(x.inbox)) g.push({ goal: `inbox ${k} p95`, target: "< 20 ms", measured: `${s.p95} ms`, met: s.p95 < 20 });
  for (const k of ["rare", "mid", "common"]) {
    const s = x.search[k]!;
    g.push({ goal: `search ${k} p95`, target: "< 50 ms", measured: `${s.p95} ms`, met: s.p95 < 50 });
    const f = x.ilike[k]!.scan.p50 / s.p50;
    g.push({ goal: `search ${k} vs ILIKE scan (p50)`, target: "≥ 100×", measured: `${f.toFixed(1)}×`, met: f >= 100 });
  }
  g.push({ goal: "unread=true search, admin who read all, p95", target: "< 50 ms", measured: `${x.unreadSearch.p95} ms`, met: x.unreadSearch.p95 < 50 });
  g.push({ goal: "app RSS under load (peak)", target: "< 500 MB", measured: `${x.rss.peakMb} MB`, met: x.rss.peakMb < 500 });
  const w = (r as { webhook?: WebhookResult | null }).webhook;
  if (w) {
    g.push({ goal: "verified WhatsApp webhook ingest, c32", target: "≥ 300 events/s", measured: `${w.rps} events/s`, met: w.rps >= 300 });
    g.push({ goal: "webhook events lost (2xx-answered, not stored or without message/unmatched)", target: "0", measured: `${w.lost} of ${w.answered}`, met: w.lost === 0 && w.answered > 0 });
  }
  const live = (r as { live?: LiveResult | null }).live;
  if (live) g.push({ goal: "live delivery to an open page (send start → event), p50", target: "< 300 ms", measured: `${live.p50} ms (${live.missed} missed)`, met: live.p50 < 300 && live.missed === 0 });
  return g;
}

const pct = (r: number) => `${Math.round(r * 100)} %`;
const fmtStatuses = (s: Record<string, number>) => Object.entries(s).map(([k, v]) => `${k}×${v}`).join(" ");
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

function table(r: Record<string, unknown>): string {
  const x = r as {
    ceiling: Record<string, LoadResult>;
    nextFloor: Record<string, Record<string, LoadResult>>;
    send: Record<string, Record<string, LoadResult>>;
    thread: Record<string, Record<string, LoadResult>> & { serial: Serial };
    inbox: Record<string, Serial>;
    search: Record<string, Serial & { word: string; messages: number }>;
    ilike: Record<string, { word: string; page: Summary; scan: Summary }>;
    unreadSearch: Serial & { withCommonKeyword: Serial };
    unreadBuild?: Record<string, UnreadBuild>;
    rss: { idleMb: number; peakMb: number; afterLoadMb: number };
    goals: { goal: string; target: string; measured: string; met: boolean }[];
  };
  const lines = ["| load (autocannon) | conns | req/s | p50 ms | p95 ms | p99 ms | vs floor | non-2xx | RSS MB |", "| --- | --- | --- | --- | --- | --- | --- | --- | --- |"];
  const row = (name: string, res: LoadResult, floor?: LoadResult) => {
    const bad = Object.entries(res.statuses).filter(([k]) => !k.startsWith("2")).map(([k, v]) => `${k}×${v}`).join(" ") || "0";
    lines.push(`| ${name} | ${res.connections} | ${res.rps} | ${res.p50} | ${res.p95} | ${res.p99} | ${floor ? pct(res.rps / floor.rps) : "—"} | ${bad}${res.errors ? ` err×${res.errors}` : ""} | ${res.rssPeakMb ?? "—"} |`);
  };
  for (const c of ["c8", "c32"]) {
    row("ceiling: node:http + postgres-js, 1 INSERT", x.ceiling[c]!);
    row("nextFloor.noop: bare route, no DB", x.nextFloor.noop![c]!, x.ceiling[c]);
    row("nextFloor.insert: bare route, 1 INSERT", x.nextFloor.insert![c]!, x.ceiling[c]);
    row("nextFloor.select: bare route, 1 SELECT of 50", x.nextFloor.select![c]!);
    row("send: POST /api/orders/:id/messages, token", x.send.token![c]!, x.nextFloor.insert![c]);
    row("send: same, session cookie", x.send.session![c]!, x.nextFloor.insert![c]);
    row("thread: GET /api/orders/:id/messages, token", x.thread.token![c]!, x.nextFloor.select![c]);
    row("thread: same, session cookie", x.thread.session![c]!, x.nextFloor.select![c]);
  }
  lines.push("", "vs floor: the bare routes against the ceiling, send against the bare INSERT route, thread against the bare SELECT route.");
  lines.push("", "| one request at a time (admin, HTTP) | n | p50 ms | p95 ms | p99 ms | note |", "| --- | --- | --- | --- | --- | --- |");
  const srow = (name: string, s: Serial | Summary, note = "") => lines.push(`| ${name} | ${s.n} | ${s.p50} | ${s.p95} | ${s.p99} | ${note} |`);
  // Before the measures below: each user's unread set brought up to date (cold build or catch-up).
  for (const [who, b] of Object.entries(x.unreadBuild ?? {}))
    srow(`unread set brought up to date (${who}), per request`, b, `${b.requests} requests, ${b.seconds} s${b.complete ? "" : ", still incomplete"}; watermark was ${b.watermarkBefore ?? "none (first build)"}`);
  srow("thread: first page", x.thread.serial);
  for (const [k, s] of Object.entries(x.inbox)) srow(`inbox ${k} (50)`, s);
  for (const k of ["rare", "mid", "common"]) {
    const s = x.search[k]!;
    const il = x.ilike[k]!;
    srow(`search.${k} "${s.word}" (${s.messages} msgs)`, s, `ILIKE scan p50 ${il.scan.p50} ms (${(il.scan.p50 / s.p50).toFixed(1)}×), ILIKE page p50 ${il.page.p50} ms`);
  }
  srow("unreadSearch (reader admin, unread=true)", x.unreadSearch);
  srow("unreadSearch + common keyword", x.unreadSearch.withCommonKeyword);
  const w = (r as { webhook?: WebhookResult | null }).webhook;
  const live = (r as { live?: LiveResult | null }).live;
  if (w || live) lines.push("", "| channels and realtime | n | rate | p50 ms | p95 ms | p99 ms | note |", "| --- | --- | --- | --- | --- | --- | --- |");
  if (w)
    lines.push(
      `| webhook: signed WhatsApp POST /api/webhooks/whatsapp, c${w.connections} | ${w.answered} | ${w.rps} events/s | ${w.p50} | ${w.p95} | ${w.p99} | lost ${w.lost}; events ${fmtStatuses(w.eventStatuses)}; non-2xx ${Object.entries(w.statuses).filter(([k]) => !k.startsWith("2")).map(([k, v]) => `${k}×${v}`).join(" ") || "0"} |`,
    );
  if (live)
    lines.push(`| live: admin send → customer's pusher-js event | ${live.n} | — | ${live.p50} | ${live.p95} | ${live.p99} | send HTTP alone p50 ${live.sendHttp.p50} / p95 ${live.sendHttp.p95} ms; missed ${live.missed} |`);
  lines.push("", `RSS: idle ${x.rss.idleMb} MB, peak under load ${x.rss.peakMb} MB, after load ${x.rss.afterLoadMb} MB.`);
  lines.push("", "| goal | target | measured | met |", "| --- | --- | --- | --- |");
  for (const g of x.goals) lines.push(`| ${g.goal} | ${g.target} | ${g.measured} | ${g.met ? "yes" : "**no**"} |`);
  return lines.join("\n");
}

function printPlans(plans: Record<string, string[] | string>) {
  for (const [name, list] of Object.entries(plans)) {
    if (!Array.isArray(list)) {
      console.log(`plans: ${list}`);
      continue;
    }
    console.log(`\n--- plan: ${name} (slowest statement of the request) ---\n${list[0] ?? "(none logged)"}`);
  }
}

// `--table` prints the table of the last run again, from bench/results.json.
if (args.has("--table")) {
  const results = JSON.parse(readFileSync(path.join(root, "bench/results.json"), "utf8")) as Record<string, unknown>;
  console.log(table(results));
  if (args.has("--plans")) printPlans(results.plans as Record<string, string[]>);
} else if (ONLY) {
  await onlyMain(ONLY);
} else {
  await main();
}
