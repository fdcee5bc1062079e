/**
 * Measures the inbound sweep's query at scale on a scratch database (dropped afterwards):
 *   npx tsx src/server/channels/bench-inbound-sweep.ts [events=500000]
 * `events` processed events, 2,000 failed ones (half due for a retry, half final) and 50 left
 * `received` by a crash; prints the sweep query's plan and time.
 */
import postgres from "postgres";
import { connectPostgres } from "../db/client";
import { databaseUrl, LOCAL_POSTGRES_URL } from "../../test/database-target";

const events = Number(process.argv[2] ?? 500_000);
const adminUrl = process.env.TEST_DATABASE_URL ?? LOCAL_POSTGRES_URL;
const name = `orderline_bench_sweep_${Date.now().toString(36)}`;
const admin = postgres(adminUrl, { max: 1, onnotice: () => {} });
await admin.unsafe(`CREATE DATABASE "${name}"`);
const url = databaseUrl(adminUrl, name);
const handle = connectPostgres(url, { statementTimeoutMs: 0 });
const client = postgres(url, { max: 1, onnotice: () => {} });
try {
  await handle.migrate();
  await client.unsafe(`INSERT INTO inbound_events (provider, provider_event_id, status, raw_body, received_at)
    SELECT 'whatsapp', 'm:' || g, (CASE WHEN g % 1000 = 0 THEN 'unmatched' ELSE 'matched' END)::inbound_status, '{}',
      now() - g * interval '1 second' FROM generate_series(1, ${events}) g`);
  await client.unsafe(`INSERT INTO inbound_events (provider, provider_event_id, status, raw_body, received_at, retry_at, process_attempts)
    SELECT 'whatsapp', 'f:' || g, 'failed', '{}', now() - interval '1 day',
      CASE WHEN g % 2 = 0 THEN now() - interval '1 minute' END, 1 FROM generate_series(1, 2000) g`);
  await client.unsafe(`INSERT INTO inbound_events (provider, provider_event_id, status, raw_body, received_at)
    SELECT 'whatsapp', 'r:' || g, 'received', '{}', now() - interval '5 minutes' FROM generate_series(1, 50) g`);
  await client.unsafe(`ANALYZE inbound_events`);
  // The statement sweep-inbound-events.ts runs (grace 60 s, batch 100).
  const plan = await client.unsafe(`EXPLAIN (ANALYZE, BUFFERS)
    (SELECT id FROM inbound_events WHERE status = 'received' AND received_at <= now() - 60000 * interval '1 millisecond' ORDER BY received_at LIMIT 100)
    UNION ALL
    (SELECT id FROM inbound_events WHERE status = 'failed' AND retry_at IS NOT NULL AND retry_at <= now() ORDER BY retry_at LIMIT 100)`);
  console.log(plan.map((row) => row["QUERY PLAN"] as string).join("\n"));
} finally {
  await client.end();
  await handle.close();
  await admin.unsafe(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
  await admin.end();
}
