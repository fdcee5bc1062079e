/**
 * Times the list and search queries on a scale database (generate-scale.sql) and prints each
 * one's EXPLAIN ANALYZE. Not a test: a measurement to rerun after changing a query.
 *   SCALE_DATABASE_URL=postgres://postgres@127.0.0.1:5432/fs_scale \
 *     node --conditions=react-server --import tsx src/test/scale/measure-plans.ts
 */
import { drizzle } from "drizzle-orm/postgres-js";
import postgres from "postgres";
import type { Actor } from "../../server/access";
import type { Database } from "../../server/db/client";
import * as schema from "../../server/db/schema";
import { listThreadMessages } from "../../server/messaging/list-thread-messages";
import { listThreads } from "../../server/messaging/list-threads";
import { searchMessages } from "../../server/search/search-messages";

const url = process.env.SCALE_DATABASE_URL ?? "postgres://postgres@127.0.0.1:5432/fs_scale";
const client = postgres(url, { max: 4, onnotice: () => {} });
let statements: { sql: string; params: unknown[] }[] = [];
const db = drizzle({
  client,
  schema,
  logger: { logQuery: (sql, params) => statements.push({ sql, params }) },
}) as unknown as Database;

const admin: Actor = { id: "00000000-0000-4000-8000-0000000000ad", role: "admin", name: "Admin", email: "admin@scale.test", storeId: null, supplierId: null };
const customer: Actor = { id: "00000000-0000-4000-9000-000000000007", role: "customer", name: "C", email: "c7@scale.test", storeId: null, supplierId: null };
const reseller: Actor = { id: "00000000-0000-4000-8000-0000000000e1", role: "reseller", name: "R", email: "reseller@scale.test", storeId: "st1", supplierId: null };

async function measure(name: string, run: () => Promise<unknown>, runs = 15) {
  // MEASURE=unread runs only the measures whose name contains it.
  if (process.env.MEASURE && !name.includes(process.env.MEASURE)) return;
  const first = performance.now();
  await run();
  console.log(`\n${name}: first run ${(performance.now() - first).toFixed(1)} ms`);
  const times: number[] = [];
  for (let i = 0; i < runs; i++) {
    statements = [];
    const start = performance.now();
    await run();
    times.push(performance.now() - start);
  }
  times.sort((a, b) => a - b);
  const p = (q: number) => times[Math.min(times.length - 1, Math.floor(q * times.length))]!.toFixed(1);
  console.log(`\n### ${name}: p50 ${p(0.5)} ms, p95 ${p(0.95)} ms (${runs} runs, ${statements.length} statements)`);
  // The slowest statement's plan.
  let worst = { ms: -1, plan: "" };
  for (const s of statements) {
    if (!/^\s*(select|with)/i.test(s.sql)) continue;
    const rows = await client.unsafe(`EXPLAIN (ANALYZE, BUFFERS, TIMING OFF, SUMMARY ON) ${s.sql}`, s.params as never[]);
    const plan = rows.map((r) => r["QUERY PLAN"] as string).join("\n");
    const ms = Number(/Execution Time: ([\d.]+)/.exec(plan)?.[1] ?? 0);
    if (ms > worst.ms) worst = { ms, plan };
  }
  if (process.env.SHOW_PLANS) console.log(worst.plan);
  else console.log(worst.plan.split("\n").filter((l) => /Execution Time|Index|Scan|Limit/.test(l)).slice(0, 8).join("\n"));
}

const [order] = await client`SELECT order_number FROM orders WHERE customer_id = ${customer.id} ORDER BY created_at DESC LIMIT 1`;
const orderNumber = order!.order_number as string;
await measure("search rare word (zebracorn)", () => searchMessages(db, admin, { keyword: "zebracorn" }));
await measure("search mid word (delivery)", () => searchMessages(db, admin, { keyword: "delivery" }));
await measure("search common word (refund)", () => searchMessages(db, admin, { keyword: "refund" }));
await measure("search common word, page 50 of 20", () => searchMessages(db, admin, { keyword: "refund", page: 50, limit: 20 }));
await measure("search channel=email", () => searchMessages(db, admin, { channel: "email" }));
await measure("search unread=true (admin, 2,000 unread of 1M)", () => searchMessages(db, admin, { unread: true }));
await measure("search unread=true + refund", () => searchMessages(db, admin, { unread: true, keyword: "refund" }));
for (const word of ["zebracorn", "delivery", "refund"]) {
  await measure(`ILIKE '%${word}%' (the seed's approach)`, () =>
    client`SELECT id FROM messages WHERE content ILIKE ${`%${word}%`} ORDER BY created_at DESC LIMIT 21`, 3);
}
await measure("inbox page (admin, 50, unreadOnly)", () => listThreads(db, admin, { limit: 50, unreadOnly: true }), 5);
await measure("inbox page (admin, 50)", () => listThreads(db, admin, { limit: 50 }));
await measure("inbox page (admin, 50, status=closed)", () => listThreads(db, admin, { limit: 50, status: "closed" }));
await measure("inbox page (reseller st1, 50)", () => listThreads(db, reseller, { limit: 50 }));
await measure("inbox page (customer)", () => listThreads(db, customer, { limit: 50 }));
await measure("thread page (customer, newest 50)", () => listThreadMessages(db, customer, { orderNumber, start: "newest" }));
await measure("thread page (admin, oldest 50)", () => listThreadMessages(db, admin, { orderNumber }));
await client.end();
