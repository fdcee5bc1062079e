/**
 * Serial timings of the unread search, the unreadOnly inbox and a keyword search on the bench
 * database, through the domain functions (no HTTP):
 *   npx tsx --conditions=react-server bench/measure-read-paths.ts [--cold] [--runs 15] [--word fafestox]
 * --search-only times the keyword search alone. --cold forgets the reader admin's unread set first, as for a user's first unread search.
 */
import { performance } from "node:perf_hooks";
import { sql } from "drizzle-orm";
import { connectPostgres } from "../src/server/db/client";
import { searchMessages } from "../src/server/search/search-messages";
import { listThreads } from "../src/server/messaging/list-threads";
import type { Actor } from "../src/server/access";

const args = process.argv.slice(2);
const option = (name: string, fallback: string) => {
  const at = args.indexOf(name);
  return at >= 0 ? (args[at + 1] ?? fallback) : fallback;
};
const runs = Number(option("--runs", "15"));
const word = option("--word", "fafestox");
const url = process.env.BENCH_DATABASE_URL ?? "postgres://postgres@127.0.0.1:5432/orderline_bench";
const handle = connectPostgres(url, { max: 2 });
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
if (!args.includes("--search-only")) await time("unread search (reader admin), limit 50", () => searchMessages(db, reader, { unread: true, limit: 50 }));
if (!args.includes("--search-only")) await time("threads.list unreadOnly (admin), limit 50", () => listThreads(db, admin, { unreadOnly: true, limit: 50 }));
if (!args.includes("--search-only")) await time("unread search (admin), limit 50", () => searchMessages(db, admin, { unread: true, limit: 50 }));
await time(`search "${word}", limit 20`, () => searchMessages(db, admin, { keyword: word, limit: 20 }));
await handle.close();
