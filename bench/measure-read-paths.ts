/**
 * Serial timings of the read paths on the bench database, through the domain functions (no HTTP):
 *   npx tsx --conditions=react-server bench/measure-read-paths.ts [--cold] [--runs 15] [--word fafestox]
 * --search-only times the keyword search alone. --cold forgets the unread sets of both bench admins first, as for a
 * user's first unread search. Either way the sets are completed (and what that cost printed) before anything is timed.
 * --all times every read measure `npm run bench` takes one request at a time (inbox with each filter,
 * the inbox's keyword-less search filters, the bench's rare/mid/common words with the ILIKE scan
 * beside them), in-process, for before/after comparisons of a query change without a build.
 */
import { performance } from "node:perf_hooks";
import { sql } from "drizzle-orm";
import { connectPostgres } from "../src/server/db/client";
import { searchMessages } from "../src/server/search/search-messages";
import { listThreads } from "../src/server/messaging/list-threads";
import { refreshUnreadThreads } from "../src/server/search/refresh-unread-threads";
import type { Actor } from "../src/server/access";

const args = process.argv.slice(2);
const option = (name: string, fallback: string) => {
  const at = args.indexOf(name);
  return at >= 0 ? (args[at + 1] ?? fallback) : fallback;
};
const runs = Number(option("--runs", "15"));
const word = option("--word", "fafestox");
const url = process.env.BENCH_DATABASE_URL ?? "postgres://postgres@127.0.0.1:5432/orderline_bench";
// The app answers within 5 s (DATABASE_STATEMENT_TIMEOUT_MS); the ILIKE baseline may take longer on a busy machine.
const handle = connectPostgres(url, { max: 2, statementTimeoutMs: 30_000 });
const db = handle.db;

async function actorOf(email: string): Promise<Actor> {
  const [row] = (await db.execute(sql`SELECT id, role, store_id, supplier_id FROM users WHERE email = ${email}`)) as unknown as {
    id: string; role: Actor["role"]; store_id: string | null; supplier_id: string | null;
  }[];
  if (!row) throw new Error(`no ${email}`);
  return { id: row.id, role: row.role, storeId: row.store_id, supplierId: row.supplier_id } as Actor;
}

const quantile = (xs: number[], q: number) => {
  const sorted = [...xs].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil(q * sorted.length) - 1)]!;
};
async function time(label: string, fn: () => Promise<unknown>) {
  const samples: number[] = [];
  const failures: string[] = [];
  for (let i = 0; i < runs; i++) {
    const start = performance.now();
    try {
      await fn();
    } catch (error) {
      failures.push(String((error as Error).message).slice(0, 60));
    }
    samples.push(performance.now() - start);
  }
  console.log(
    `${label.padEnd(44)} n=${runs} first=${samples[0]!.toFixed(1)} p50=${quantile(samples, 0.5).toFixed(1)} p95=${quantile(samples, 0.95).toFixed(1)} max=${Math.max(...samples).toFixed(1)} ms${failures.length ? ` failed ${failures.length}: ${failures[0]}` : ""}`,
  );
}

const reader = await actorOf("bench-reader@bench.test");
const admin = await actorOf("bench-admin@bench.test");
if (args.includes("--cold")) {
  for (const user of [reader, admin]) {
    await db.execute(sql`DELETE FROM unread_threads WHERE user_id = ${user.id}::uuid`);
    await db.execute(sql`DELETE FROM unread_watermarks WHERE user_id = ${user.id}::uuid`);
  }
  console.log("cold: unread sets of bench-reader and bench-admin forgotten");
}
// The unread measures are of complete sets; what completing them costs is printed apart.
for (const [who, user] of [["admin", admin], ["reader admin", reader]] as const) {
  const times: number[] = [];
  for (let result = { complete: false }; !result.complete && times.length < 2000; ) {
    const start = performance.now();
    result = await refreshUnreadThreads(db, user);
    times.push(performance.now() - start);
  }
  const total = times.reduce((a, b) => a + b, 0);
  console.log(`${`unread set of the ${who} completed`.padEnd(44)} calls=${times.length} total=${total.toFixed(0)} p50=${quantile(times, 0.5).toFixed(1)} max=${Math.max(...times).toFixed(1)} ms`);
}
if (args.includes("--all")) {
  await measureAll();
  await handle.close();
  process.exit(0);
}
if (!args.includes("--search-only")) await time("unread search (reader admin), limit 50", () => searchMessages(db, reader, { unread: true, limit: 50 }));
if (!args.includes("--search-only")) await time("threads.list unreadOnly (admin), limit 50", () => listThreads(db, admin, { unreadOnly: true, limit: 50 }));
if (!args.includes("--search-only")) await time("unread search (admin), limit 50", () => searchMessages(db, admin, { unread: true, limit: 50 }));
await time(`search "${word}", limit 20`, () => searchMessages(db, admin, { keyword: word, limit: 20 }));
await handle.close();

/** The measures of bench/run.ts's "one request at a time" section, with the same inputs. */
async function measureAll() {
  for (const [label, input] of Object.entries({ all: {}, open: { status: "open" }, closed: { status: "closed" }, unreadOnly: { unreadOnly: true } } as const))
    await time(`inbox ${label} (admin), limit 50`, () => listThreads(db, admin, { limit: 50, ...input }));
  // The reader has read every message: the floor thread's row counts its unread from the set, not a receipt per message.
  await time("inbox all (reader admin), limit 50", () => listThreads(db, reader, { limit: 50 }));
  const filters = {
    channel: { channel: "email" },
    senderRole: { senderRole: "supplier" },
    orderStatus: { orderStatus: "refunded" },
    storeId: { storeId: "bench-s0042" },
    status: { status: "closed" },
    unread: { unread: true },
  } as const;
  for (const [label, input] of Object.entries(filters)) await time(`inbox search.${label} (admin), limit 50`, () => searchMessages(db, admin, { limit: 50, ...input }));
  await time("unread search (reader admin), limit 20", () => searchMessages(db, reader, { unread: true }));
  const [meta] = (await db.execute(sql`SELECT value FROM bench_meta WHERE key = 'generated'`)) as unknown as { value: { words: Record<string, { word: string }> } }[];
  for (const level of ["rare", "mid", "common"]) {
    const w = meta!.value.words[level]!.word;
    await time(`search.${level} "${w}", limit 20`, () => searchMessages(db, admin, { keyword: w }));
    const scan: number[] = [];
    for (let i = 0; i < 3; i++) {
      const start = performance.now();
      await db.execute(sql`SELECT count(*) FROM messages WHERE content ILIKE ${`%${w}%`}`);
      scan.push(performance.now() - start);
    }
    console.log(`${`  ILIKE scan "${w}"`.padEnd(44)} n=3 p50=${quantile(scan, 0.5).toFixed(1)} ms`);
  }
}
