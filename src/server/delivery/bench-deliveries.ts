/**
 * Measures the outbox at scale on a scratch database (dropped afterwards):
 *   npx tsx src/server/delivery/bench-deliveries.ts [rows=1000000]
 * 1M delivered rows plus 2,000 due ones; prints the claim plan, worker throughput (capture mode,
 * so the figure is the worker's own cost, not a mail server's) and the admins' list timings.
 */
import { sql } from "drizzle-orm";
import postgres from "postgres";
import { connectPostgres, queryRows } from "../db/client";
import { seedDemoData } from "../db/seed";
import { databaseUrl, LOCAL_POSTGRES_URL } from "../../test/database-target";
import { drainInCaptureMode } from "./drain-in-capture-mode";
import { listDeliveries } from "./list-deliveries";

const rows = Number(process.argv[2] ?? 1_000_000);
const adminUrl = process.env.TEST_DATABASE_URL ?? LOCAL_POSTGRES_URL;
const name = `orderline_bench_deliveries_${Date.now().toString(36)}`;
const admin = postgres(adminUrl, { max: 1, onnotice: () => {} });
await admin.unsafe(`CREATE DATABASE "${name}"`);
// No statement timeout: seeding a million rows is one long statement.
const handle = connectPostgres(databaseUrl(adminUrl, name), { max: 4, statementTimeoutMs: 0 });
const ms = (start: number) => `${(performance.now() - start).toFixed(1)} ms`;
try {
  await handle.migrate();
  await seedDemoData(handle.db);
  const db = handle.db;
  let start = performance.now();
  // The history: ten deliveries per message over ORD-1001's thread (a message per 10 rows).
  await db.execute(sql`
    WITH m AS (
      INSERT INTO messages (store_id, thread_id, sender_role, sender_name, content, created_at)
      SELECT t.store_id, t.id, 'admin', 'Bench', 'Bench reply ' || g, now() - (g * 10 || ' seconds')::interval
      FROM threads t JOIN orders o ON o.id = t.order_id, generate_series(1, ${Math.ceil(rows / 10)}) g
      WHERE o.order_number = 'ORD-1001' RETURNING id, store_id, created_at
    )
    INSERT INTO deliveries (store_id, message_id, channel, recipient, status, attempts, provider_message_id, sent_at, created_at, next_attempt_at)
    SELECT m.store_id, m.id, 'sms', '+1202555' || r, CASE WHEN r = 0 AND random() < 0.1 THEN 'failed' ELSE 'delivered' END::delivery_status, 1,
           'SM' || md5(m.id::text || r), m.created_at, m.created_at + (r || ' ms')::interval, m.created_at
    FROM m, generate_series(0, 9) r`);
  // The queue: 2,000 staff replies on ORD-1002, each with one email delivery due now.
  await db.execute(sql`
    WITH m AS (
      INSERT INTO messages (store_id, thread_id, sender_role, sender_name, content, created_at)
      SELECT t.store_id, t.id, 'admin', 'Bench', 'Queued reply ' || g, now() - ((2000 - g) || ' ms')::interval
      FROM threads t JOIN orders o ON o.id = t.order_id, generate_series(1, 2000) g
      WHERE o.order_number = 'ORD-1002' RETURNING id, store_id, created_at
    )
    INSERT INTO deliveries (store_id, message_id, channel, recipient, created_at, next_attempt_at)
    SELECT m.store_id, m.id, 'email', 'bob@demo.test', m.created_at, m.created_at FROM m`);
  await db.execute(sql`ANALYZE deliveries`);
  await db.execute(sql`ANALYZE messages`);
  console.log(`inserted ${rows} + 2000 rows in ${ms(start)}`);

  const plan = await queryRows<{ "QUERY PLAN": string }>(
    db,
    sql`EXPLAIN (ANALYZE, COSTS OFF) SELECT id FROM deliveries WHERE status IN ('pending', 'sending') AND next_attempt_at <= now()
        ORDER BY next_attempt_at LIMIT 10 FOR UPDATE SKIP LOCKED`,
  );
  console.log(plan.map((line) => line["QUERY PLAN"]).join("\n"));

  const { sent, seconds } = await drainInCaptureMode(db);
  console.log(`worker (capture mode, batch 10): ${sent} sent in ${seconds.toFixed(1)} s = ${(sent / seconds).toFixed(0)} rows/s`);

  for (const [label, input] of [
    ["list, first page (50)", {}],
    ["list, status failed", { status: "failed" as const }],
    // The history is all SMS and the queue email: WhatsApp has no row at all, the worst case of a filter.
    ["list, channel email", { channel: "email" as const }],
    ["list, channel whatsapp (no rows)", { channel: "whatsapp" as const }],
    ["list, status failed + channel sms", { status: "failed" as const, channel: "sms" as const }],
  ] as const) {
    await listDeliveries(db, input);
    start = performance.now();
    const page = await listDeliveries(db, input);
    const next = performance.now();
    await listDeliveries(db, { ...input, cursor: page.nextCursor });
    console.log(`${label}: ${ms(start).replace(" ms", "")} ms; next page ${(performance.now() - next).toFixed(1)} ms`);
  }
} finally {
  await handle.close();
  if (process.env.BENCH_KEEP) console.log(`kept ${name}`);
  else await admin.unsafe(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
  await admin.end();
}
