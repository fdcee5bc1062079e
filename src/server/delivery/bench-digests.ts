/**
 * Measures notification digests at scale on a scratch database (dropped afterwards):
 *   npx tsx src/server/delivery/bench-digests.ts [users=2000]
 * Each user has 500 notifications of history (read), so 1M rows at the default; 10 % of users
 * then have a burst of 20 unread ones old enough to email, 10 % one that is too new. Prints the
 * candidate query's plan, the digest step's time (nobody online: every candidate is queued) and
 * the worker sending the digests in capture mode (the worker's own cost, not a mail server's).
 */
import { sql } from "drizzle-orm";
import postgres from "postgres";
import { connectPostgres, queryRows } from "../db/client";
import { seedDemoData } from "../db/seed";
import { databaseUrl, LOCAL_POSTGRES_URL } from "../../test/database-target";
import { defaultDigestOptions } from "./delivery-config";
import { drainInCaptureMode } from "./drain-in-capture-mode";
import { queueDueDigests } from "./queue-digests";

const userCount = Number(process.argv[2] ?? 2_000);
const adminUrl = process.env.TEST_DATABASE_URL ?? LOCAL_POSTGRES_URL;
const name = `orderline_bench_digests_${Date.now().toString(36)}`;
const admin = postgres(adminUrl, { max: 1, onnotice: () => {} });
await admin.unsafe(`CREATE DATABASE "${name}"`);
const handle = connectPostgres(databaseUrl(adminUrl, name), { max: 4 });
// The setup inserts a million rows at once: longer than the app's statement timeout allows.
const setup = connectPostgres(databaseUrl(adminUrl, name), { max: 1, statementTimeoutMs: 0 });
const ms = (start: number) => `${(performance.now() - start).toFixed(1)} ms`;
try {
  await handle.migrate();
  await seedDemoData(handle.db);
  const db = handle.db;
  let start = performance.now();
  await setup.db.execute(sql`
    INSERT INTO users (email, name, role)
    SELECT 'bench-' || g || '@bench.example', 'Bench ' || g, 'admin' FROM generate_series(1, ${userCount}) g`);
  // 520 customer messages on ORD-1001's thread: 500 of history, a burst of 20 ten minutes ago.
  await setup.db.execute(sql`
    INSERT INTO messages (store_id, thread_id, sender_role, sender_name, content, created_at)
    SELECT t.store_id, t.id, 'customer', 'Bench customer', 'Bench message ' || g,
           CASE WHEN g <= 500 THEN now() - (g || ' hours')::interval ELSE now() - interval '10 minutes' END
    FROM threads t JOIN orders o ON o.id = t.order_id, generate_series(1, 520) g
    WHERE o.order_number = 'ORD-1001'`);
  const notify = (where: ReturnType<typeof sql>, read: boolean) => sql`
    INSERT INTO notifications (user_id, store_id, thread_id, message_id, kind, title, read_at, created_at)
    SELECT u.id, m.store_id, m.thread_id, m.id, 'message', 'Bench', ${read ? sql`m.created_at` : sql`NULL`}, m.created_at
    FROM users u CROSS JOIN messages m WHERE u.email LIKE 'bench-%' AND ${where}`;
  await setup.db.execute(notify(sql`m.content ~ '^Bench message ([1-9]|[1-9][0-9]|[1-4][0-9][0-9]|500)$'`, true));
  await setup.db.execute(notify(sql`m.content ~ '^Bench message 5(0[1-9]|1[0-9]|20)$' AND u.email LIKE '%0@bench.example'`, false));
  // 10 % with one unread notification too new to email (a fresh message now).
  await setup.db.execute(sql`
    WITH m AS (
      INSERT INTO messages (store_id, thread_id, sender_role, sender_name, content)
      SELECT t.store_id, t.id, 'customer', 'Bench customer', 'Just now' FROM threads t JOIN orders o ON o.id = t.order_id
      WHERE o.order_number = 'ORD-1001' RETURNING id, store_id, thread_id
    )
    INSERT INTO notifications (user_id, store_id, thread_id, message_id, kind, title)
    SELECT u.id, m.store_id, m.thread_id, m.id, 'message', 'Bench' FROM users u, m
    WHERE u.email LIKE 'bench-%' AND u.email LIKE '%5@bench.example'`);
  await setup.db.execute(sql`ANALYZE`);
  const [counts] = await queryRows<{ total: string; waiting: string }>(
    db,
    sql`SELECT count(*) AS total, count(*) FILTER (WHERE read_at IS NULL) AS waiting FROM notifications`,
  );
  console.log(`${userCount} users, ${counts?.total} notifications (${counts?.waiting} unread) in ${ms(start)}`);

  const plan = await queryRows<{ "QUERY PLAN": string }>(
    db,
    sql`EXPLAIN (ANALYZE, COSTS OFF)
      SELECT n.user_id FROM notifications n JOIN users u ON u.id = n.user_id
      WHERE n.read_at IS NULL AND n.digest_delivery_id IS NULL AND n.created_at > now() - interval '1 day'
        AND n.created_at <= now() - interval '5 minutes'
        AND u.disabled_at IS NULL AND position('@' IN u.email) > 0
        AND (u.last_digest_at IS NULL OR u.last_digest_at <= now() - interval '30 minutes')
      GROUP BY n.user_id ORDER BY n.user_id LIMIT 100`,
  );
  console.log(plan.map((line) => line["QUERY PLAN"]).join("\n"));

  start = performance.now();
  const report = await queueDueDigests(db, async () => new Set(), defaultDigestOptions);
  console.log(`digest step (nobody online): ${JSON.stringify(report)} in ${ms(start)}`);
  start = performance.now();
  const again = await queueDueDigests(db, async () => new Set(), defaultDigestOptions);
  console.log(`digest step right after (all throttled): ${JSON.stringify(again)} in ${ms(start)}`);

  const { sent, seconds } = await drainInCaptureMode(db);
  console.log(`worker (capture mode, batch 10): ${sent} digests of 20 lines in ${seconds.toFixed(1)} s = ${(sent / seconds).toFixed(0)} digests/s`);
} finally {
  await setup.close();
  await handle.close();
  if (process.env.BENCH_KEEP) console.log(`kept ${name}`);
  else await admin.unsafe(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
  await admin.end();
}
