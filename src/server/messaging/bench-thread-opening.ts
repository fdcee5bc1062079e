/**
 * Measures where a long thread opens for a reader (`openThreadWindow`) and its first page
 * (`listThreadWindow`) on a scratch database (dropped afterwards):
 *   npx tsx src/server/messaging/bench-thread-opening.ts [messages=20000]
 * One thread of `messages` staff messages among 4,000 threads of 50 (so the planner sees a thread
 * as the small part of the table it is in real data); the customer has read none, half, or all of
 * them. All read is the first unread lookup's worst case: it walks the whole thread to find nothing.
 */
import { eq, sql } from "drizzle-orm";
import postgres from "postgres";
import { actorFromUser } from "../access/actor-from-user";
import { connectPostgres } from "../db/client";
import { orders, threads, users } from "../db/schema";
import { seedDemoData } from "../db/seed";
import { databaseUrl, LOCAL_POSTGRES_URL } from "../../test/database-target";
import { listThreadWindow, openThreadWindow } from "./thread-window";

const count = Number(process.argv[2] ?? 20_000);
const adminUrl = process.env.TEST_DATABASE_URL ?? LOCAL_POSTGRES_URL;
const name = `orderline_bench_opening_${Date.now().toString(36)}`;
const admin = postgres(adminUrl, { max: 1, onnotice: () => {} });
await admin.unsafe(`CREATE DATABASE "${name}"`);
const url = databaseUrl(adminUrl, name);
const handle = connectPostgres(url, { statementTimeoutMs: 0 });
const { db } = handle;

async function timed(run: () => Promise<unknown>, times = 30): Promise<string> {
  const samples: number[] = [];
  for (let i = 0; i < times; i++) {
    const started = performance.now();
    await run();
    samples.push(performance.now() - started);
  }
  samples.sort((a, b) => a - b);
  const at = (q: number) => samples[Math.min(samples.length - 1, Math.floor(q * samples.length))]!.toFixed(2);
  return `p50 ${at(0.5)} ms, p95 ${at(0.95)} ms`;
}

try {
  await handle.migrate();
  await seedDemoData(db);
  const [order] = await db.select().from(orders).where(eq(orders.orderNumber, "ORD-1002"));
  const [bob] = await db.select().from(users).where(eq(users.email, "bob@demo.test"));
  const [thread] = await db.select().from(threads).where(eq(threads.orderId, order!.id));
  await db.execute(sql`
    INSERT INTO messages (store_id, thread_id, sender_role, sender_id, sender_name, content, created_at)
    SELECT ${order!.storeId}, ${thread!.id}, 'admin', u.id, u.name, 'Update ' || g, now() - interval '30 days' + g * interval '1 second'
    FROM generate_series(1, ${count}) g, users u WHERE u.email = 'admin@demo.test'`);
  await db.execute(sql`
    INSERT INTO orders (store_id, order_number, customer_id, customer_name, customer_email, status)
    SELECT 'north', 'BENCH-' || g, u.id, u.name, u.email, 'processing'
    FROM generate_series(1, 4000) g, users u WHERE u.email = 'alice@demo.test'`);
  await db.execute(sql`
    INSERT INTO threads (store_id, order_id, last_message_at, last_public_message_at)
    SELECT store_id, id, now(), now() FROM orders WHERE order_number LIKE 'BENCH-%'`);
  await db.execute(sql`
    INSERT INTO messages (store_id, thread_id, sender_role, sender_id, sender_name, content, created_at)
    SELECT t.store_id, t.id, 'admin', u.id, u.name, 'Other ' || g, now() - interval '30 days' + g * interval '1 minute'
    FROM threads t JOIN orders o ON o.id = t.order_id, generate_series(1, 50) g, users u
    WHERE o.order_number LIKE 'BENCH-%' AND u.email = 'admin@demo.test'`);
  await db.execute(sql`ANALYZE`);
  const customer = actorFromUser(bob!);
  const input = { orderNumber: "ORD-1002" };
  const readUpTo = async (fraction: number) => {
    await db.execute(sql`DELETE FROM message_reads WHERE user_id = ${customer.id}`);
    await db.execute(sql`
      INSERT INTO message_reads (message_id, user_id, store_id, role)
      SELECT id, ${customer.id}, store_id, 'customer' FROM (
        SELECT id, store_id, row_number() OVER (ORDER BY created_at, id) AS n, count(*) OVER () AS total
        FROM messages WHERE thread_id = ${thread!.id}) m
      WHERE n <= total * ${fraction}::numeric`);
    await db.execute(sql`ANALYZE message_reads`);
  };
  for (const [label, fraction] of [["none read", 0], ["half read", 0.5], ["all read", 1]] as const) {
    await readUpTo(fraction);
    const { cursor } = await openThreadWindow(db, customer, input);
    console.log(`${count} messages, ${label}: opens ${cursor ? "at the first unread" : "at the newest page"}`);
    console.log(`  messages.opening  ${await timed(() => openThreadWindow(db, customer, input))}`);
    console.log(`  messages.window   ${await timed(() => listThreadWindow(db, customer, { ...input, cursor }))}`);
  }
} finally {
  await handle.close();
  await admin.unsafe(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
  await admin.end();
}
