/**
 * Scale data for the bench: 1,000 stores, 100,000 orders and threads, 1,000,000 messages with a
 * Zipf vocabulary, receipts and internal notes, in a database of its own.
 *
 * Rows are built in Node (seeded, so every machine gets the same data) and streamed with COPY:
 * per-row random() word picking in SQL took 14 minutes; this takes about one or two. Secondary
 * indexes are dropped for the load and rebuilt after (a GIN built once is far faster than a
 * million incremental inserts), and foreign-key triggers are skipped (session_replication_role)
 * because the data is built consistent: threads carry last_message_at / last_public_message_at of
 * their messages, every message is written once (the immutability trigger forbids fixing it later).
 */
import { randomUUID } from "node:crypto";
import { finished } from "node:stream/promises";
import { hash } from "@node-rs/argon2";
import postgres from "postgres";
import { connectPostgres } from "../src/server/db/client";
import {
  ADMIN_EMAIL,
  BENCH_DATABASE_URL,
  BENCH_PASSWORD,
  benchToken,
  customerEmail,
  FLOOR_ORDER_NUMBER,
  FLOOR_STORE_ID,
  orderNumber,
  READER_EMAIL,
  SCALE,
  storeId,
  storeOfOrder,
  supplierId,
  tokenHash,
} from "./config";
import { buildVocabulary, prng, zipfTextOf } from "./vocabulary";

export interface BenchWords {
  /** word → number of messages holding it (measured on the generated data). */
  rare: { word: string; messages: number };
  mid: { word: string; messages: number };
  common: { word: string; messages: number };
}

export interface BenchMeta {
  generatedAt: string;
  seconds: number;
  counts: Record<string, number>;
  words: BenchWords;
}

const log = (...args: unknown[]) => console.log("[generate]", ...args);

function databaseName(url: string): { admin: string; name: string } {
  const u = new URL(url);
  const name = decodeURIComponent(u.pathname.slice(1));
  if (!/^[a-z0-9_]+$/i.test(name)) throw new Error(`BENCH_DATABASE_URL names an unusual database: ${name}`);
  u.pathname = "/postgres";
  return { admin: u.toString(), name };
}

/** Reads the marker the generator writes last; null when the database is missing or incomplete. */
export async function readBenchMeta(url = BENCH_DATABASE_URL): Promise<BenchMeta | null> {
  const { admin, name } = databaseName(url);
  const server = postgres(admin, { max: 1, onnotice: () => {} });
  try {
    const [exists] = await server`SELECT 1 AS one FROM pg_database WHERE datname = ${name}`;
    if (!exists) return null;
  } finally {
    await server.end();
  }
  const db = postgres(url, { max: 1, onnotice: () => {} });
  try {
    const [table] = await db`SELECT to_regclass('bench_meta') AS t`;
    if (!table?.t) return null;
    const [row] = await db`SELECT value FROM bench_meta WHERE key = 'generated'`;
    return (row?.value as BenchMeta | undefined) ?? null;
  } finally {
    await db.end();
  }
}

/** The database at scale: reused when complete, else (or with `fresh`) dropped and generated. */
export async function ensureBenchData(options: { fresh?: boolean; url?: string } = {}): Promise<BenchMeta> {
  const url = options.url ?? BENCH_DATABASE_URL;
  if (!options.fresh) {
    const meta = await readBenchMeta(url);
    if (meta) {
      log(`reusing ${databaseName(url).name} (generated ${meta.generatedAt}); --fresh regenerates`);
      // Migrations added since (other branches merged) apply on top of the generated data.
      const handle = connectPostgres(url, { max: 1 });
      await handle.migrate();
      await handle.close();
      return meta;
    }
  }
  return generate(url);
}

async function generate(url: string): Promise<BenchMeta> {
  const started = Date.now();
  const { admin, name } = databaseName(url);
  const server = postgres(admin, { max: 1, onnotice: () => {} });
  await server.unsafe(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
  await server.unsafe(`CREATE DATABASE "${name}"`);
  await server.end();

  const handle = connectPostgres(url, { max: 1 });
  await handle.migrate();
  await handle.close();
  log(`created and migrated ${name}`);

  const sql = postgres(url, { max: 1, onnotice: () => {} });
  try {
    await sql`CREATE TABLE bench_meta (key text PRIMARY KEY, value jsonb NOT NULL)`;
    await sql`SET session_replication_role = replica`;
    await sql`SET maintenance_work_mem = '1GB'`;
    const dropped = await dropSecondaryIndexes(sql, ["messages", "message_reads", "threads", "orders"]);
    const counts = await load(sql);
    log(`rebuilding ${dropped.length} indexes`);
    for (const ddl of dropped) await sql.unsafe(ddl);
    await sql`SET session_replication_role = origin`;
    await sql.unsafe("VACUUM ANALYZE");
    const words = await pickWords(sql);
    const meta: BenchMeta = { generatedAt: new Date().toISOString(), seconds: Math.round((Date.now() - started) / 1000), counts, words };
    await sql`INSERT INTO bench_meta (key, value) VALUES ('generated', ${sql.json(meta as unknown as postgres.JSONValue)})`;
    log(`done in ${meta.seconds} s`, counts);
    return meta;
  } finally {
    await sql.end();
  }
}

/** Drops non-unique, non-constraint indexes; returns their definitions to rebuild. */
async function dropSecondaryIndexes(sql: postgres.Sql, tables: string[]): Promise<string[]> {
  const rows = await sql<{ name: string; def: string }[]>`
    SELECT i.indexrelid::regclass::text AS name, pg_get_indexdef(i.indexrelid) AS def
    FROM pg_index i
    WHERE i.indrelid = ANY(${tables.map((t) => `public.${t}`)}::regclass[])
      AND NOT i.indisunique AND NOT i.indisprimary`;
  for (const r of rows) await sql.unsafe(`DROP INDEX ${r.name}`);
  return rows.map((r) => r.def);
}

/** COPY text format: the generated values hold no tabs, newlines or backslashes except content. */
const esc = (v: string) => v.replace(/\\/g, "\\\\").replace(/\t/g, "\\t").replace(/\n/g, "\\n");
const N = "\\N";

async function copy(sql: postgres.Sql, table: string, columns: string[], rows: Iterable<(string | null)[]>): Promise<number> {
  const stream = await sql.unsafe(`COPY ${table} (${columns.join(", ")}) FROM STDIN`).writable();
  let buffer = "";
  let count = 0;
  for (const row of rows) {
    buffer += row.map((v) => (v === null ? N : esc(v))).join("\t") + "\n";
    count++;
    if (buffer.length > 1 << 20) {
      if (!stream.write(buffer)) await new Promise((resolve) => stream.once("drain", resolve));
      buffer = "";
    }
  }
  stream.end(buffer);
  await finished(stream);
  return count;
}

const SENDER_ROLES = ["customer", "admin", "system", "supplier", "reseller"] as const;
const CUSTOMER_CHANNELS = ["in_app", "in_app", "in_app", "email", "email", "whatsapp", "sms"] as const;
const ORDER_STATUSES = ["pending", "processing", "processing", "shipped", "shipped", "delivered", "completed", "completed", "cancelled", "refunded"] as const;
const DAY = 86_400_000;

async function load(sql: postgres.Sql): Promise<Record<string, number>> {
  const random = prng(2026);
  const now = Date.now();
  const iso = (ms: number) => new Date(ms).toISOString();
  const passwordHash = await hash(BENCH_PASSWORD);
  const counts: Record<string, number> = {};

  // Reference data and people.
  counts.stores = await copy(sql, "stores", ["id", "name"], (function* () {
    for (let s = 0; s < SCALE.stores; s++) yield [storeId(s), `Bench store ${s}`];
    yield [FLOOR_STORE_ID, "Bench floor"];
  })());
  counts.suppliers = await copy(sql, "suppliers", ["id", "name"], (function* () {
    for (let s = 0; s < SCALE.suppliers; s++) yield [supplierId(s), `Bench supplier ${s}`];
  })());

  const customerIds = Array.from({ length: SCALE.customers }, () => randomUUID());
  const resellerIds = Array.from({ length: SCALE.stores }, () => randomUUID());
  const supplierUserIds = Array.from({ length: SCALE.suppliers }, () => randomUUID());
  const adminId = randomUUID();
  const readerId = randomUUID();
  counts.users = await copy(sql, "users", ["id", "email", "name", "role", "password_hash", "store_id", "supplier_id"], (function* () {
    yield [adminId, ADMIN_EMAIL, "Bench Admin", "admin", passwordHash, null, null];
    yield [readerId, READER_EMAIL, "Bench Reader", "admin", passwordHash, null, null];
    for (let c = 0; c < SCALE.customers; c++) yield [customerIds[c]!, customerEmail(c), `Customer ${c}`, "customer", passwordHash, null, null];
    for (let s = 0; s < SCALE.stores; s++) yield [resellerIds[s]!, `bench-r${s}@bench.test`, `Reseller ${s}`, "reseller", passwordHash, storeId(s), null];
    for (let s = 0; s < SCALE.suppliers; s++)
      yield [supplierUserIds[s]!, `bench-p${s}@bench.test`, `Supplier ${s}`, "supplier", passwordHash, null, supplierId(s)];
  })());
  counts.api_tokens = await copy(sql, "api_tokens", ["user_id", "name", "prefix", "token_hash"], (function* () {
    const rows: [string, string][] = [[adminId, ADMIN_EMAIL], [readerId, READER_EMAIL]];
    for (let c = 0; c < SCALE.tokenCustomers; c++) rows.push([customerIds[c]!, customerEmail(c)]);
    for (const [id, email] of rows) {
      const token = benchToken(email);
      yield [id, "bench", token.slice(0, 10), tokenHash(token)];
    }
  })());
  log("stores, suppliers, users, tokens");

  // Orders, fulfilments, and one thread per order (its activity times filled in below).
  const orderIds = Array.from({ length: SCALE.orders }, () => randomUUID());
  const orderCreated = new Float64Array(SCALE.orders);
  const orderSupplier = new Uint16Array(SCALE.orders);
  for (let o = 0; o < SCALE.orders; o++) {
    orderCreated[o] = now - 2 * DAY - random() * 363 * DAY;
    orderSupplier[o] = Math.floor(random() * SCALE.suppliers);
  }
  const floorOrderId = randomUUID();
  counts.orders = await copy(sql, "orders", ["id", "store_id", "order_number", "customer_id", "customer_name", "customer_email", "status", "created_at"], (function* () {
    for (let o = 0; o < SCALE.orders; o++) {
      const c = o % SCALE.customers;
      yield [orderIds[o]!, storeId(storeOfOrder(o)), orderNumber(o), customerIds[c]!, `Customer ${c}`, customerEmail(c), ORDER_STATUSES[Math.floor(random() * ORDER_STATUSES.length)]!, iso(orderCreated[o]!)];
    }
    yield [floorOrderId, FLOOR_STORE_ID, FLOOR_ORDER_NUMBER, null, "Floor", "floor@bench.test", "processing", iso(now - DAY)];
  })());
  counts.order_fulfillments = await copy(sql, "order_fulfillments", ["store_id", "order_id", "supplier_id", "created_at"], (function* () {
    for (let o = 0; o < SCALE.orders; o++) yield [storeId(storeOfOrder(o)), orderIds[o]!, supplierId(orderSupplier[o]!), iso(orderCreated[o]!)];
  })());
  log("orders, fulfilments");

  // Thread lengths: most 2–16 messages, 3 % long ones (20–300), scaled to exactly SCALE.messages.
  const lengths = new Uint16Array(SCALE.orders);
  let total = 0;
  for (let t = 0; t < SCALE.orders; t++) {
    lengths[t] = random() < 0.03 ? 20 + Math.floor(random() * 280) : 2 + Math.floor(random() * 15);
    total += lengths[t]!;
  }
  while (total !== SCALE.messages) {
    const t = Math.floor(random() * SCALE.orders);
    if (total < SCALE.messages) {
      lengths[t]!++;
      total++;
    } else if (lengths[t]! > 1) {
      lengths[t]!--;
      total--;
    }
  }

  const vocabulary = buildVocabulary();
  const threadIds = Array.from({ length: SCALE.orders }, () => randomUUID());
  const lastAt = new Float64Array(SCALE.orders);
  const lastPublicAt = new Float64Array(SCALE.orders);

  // Messages, in time order (as they would have arrived), with receipts.
  interface Msg { t: number; at: number; role: number; internal: boolean; id: string }
  const msgs: Msg[] = new Array(SCALE.messages);
  let m = 0;
  for (let t = 0; t < SCALE.orders; t++) {
    const start = orderCreated[t]! + 300_000 + random() * DAY;
    const span = Math.min(random() * 30 * DAY * (lengths[t]! > 16 ? 3 : 1), now - 60_000 - start);
    const times = Array.from({ length: lengths[t]! }, () => start + random() * span).sort((a, b) => a - b);
    for (let i = 0; i < times.length; i++) {
      const u = random();
      // The first message is the customer's; then customer 45 %, admin 30 %, system 10 %, partners 15 %.
      const role = i === 0 ? 0 : u < 0.45 ? 0 : u < 0.75 ? 1 : u < 0.85 ? 2 : u < 0.925 ? 3 : 4;
      const internal = role === 1 && random() < 0.25;
      msgs[m++] = { t, at: times[i]!, role, internal, id: randomUUID() };
      lastAt[t] = times[i]!;
      if (!internal) lastPublicAt[t] = times[i]!;
    }
  }
  msgs.sort((a, b) => a.at - b.at);

  counts.threads = await copy(sql, "threads", ["id", "store_id", "order_id", "status", "last_message_at", "last_public_message_at", "created_at", "closed_at"], (function* () {
    for (let t = 0; t < SCALE.orders; t++) {
      const closed = random() < 0.12;
      yield [threadIds[t]!, storeId(storeOfOrder(t)), orderIds[t]!, closed ? "closed" : "open", iso(lastAt[t]!), lastPublicAt[t] ? iso(lastPublicAt[t]!) : null, iso(orderCreated[t]! + 300_000), closed ? iso(lastAt[t]! + 60_000) : null];
    }
  })());
  log("threads");

  const text = zipfTextOf(vocabulary, random);
  counts.messages = await copy(sql, "messages", ["id", "store_id", "thread_id", "sender_role", "sender_id", "sender_name", "channel", "message_type", "content", "is_internal", "created_at"], (function* () {
    for (const msg of msgs) {
      const o = msg.t;
      const c = o % SCALE.customers;
      const role = SENDER_ROLES[msg.role]!;
      const [senderId, senderName, channel] =
        role === "customer" ? [customerIds[c]!, `Customer ${c}`, CUSTOMER_CHANNELS[Math.floor(random() * CUSTOMER_CHANNELS.length)]!]
        : role === "admin" ? [adminId, "Bench Admin", "in_app"]
        : role === "supplier" ? [supplierUserIds[orderSupplier[o]!]!, `Supplier ${orderSupplier[o]}`, "in_app"]
        : role === "reseller" ? [resellerIds[storeOfOrder(o)]!, `Reseller ${storeOfOrder(o)}`, "in_app"]
        : [null, "Orderline", "in_app"];
      yield [msg.id, storeId(storeOfOrder(o)), threadIds[o]!, role, senderId, senderName, channel, role === "system" ? "system_event" : "text", text(), msg.internal ? "true" : "false", iso(msg.at)];
    }
  })());
  log("messages");

  // Receipts: the reader admin has read everything; the bench admin every message of even-numbered
  // threads; each customer most of the public messages others wrote on their orders.
  counts.message_reads = await copy(sql, "message_reads", ["message_id", "user_id", "store_id", "role", "read_at"], (function* () {
    for (const msg of msgs) {
      const store = storeId(storeOfOrder(msg.t));
      const readAt = iso(Math.min(msg.at + 3_600_000, now - 1000));
      yield [msg.id, readerId, store, "admin", readAt];
      if (msg.t % 2 === 0 && msg.role !== 1) yield [msg.id, adminId, store, "admin", readAt];
      if (msg.role !== 0 && !msg.internal && random() < 0.7) yield [msg.id, customerIds[msg.t % SCALE.customers]!, store, "customer", readAt];
    }
  })());
  log("receipts");

  // The floors' thread: the ceiling and the bare routes INSERT here; the runner re-dates it after.
  const floorThreadId = randomUUID();
  await sql`INSERT INTO threads (id, store_id, order_id, last_message_at, last_public_message_at, created_at)
            VALUES (${floorThreadId}, ${FLOOR_STORE_ID}, ${floorOrderId}, ${iso(now - DAY)}, ${iso(now - DAY)}, ${iso(now - DAY)})`;
  await sql`INSERT INTO messages (store_id, thread_id, sender_role, sender_name, message_type, content, created_at)
            VALUES (${FLOOR_STORE_ID}, ${floorThreadId}, 'system', 'Orderline', 'system_event', 'floor thread', ${iso(now - DAY)})`;
  return counts;
}

/** Rare, mid and common words by their measured message counts (the stemmer has the last word). */
async function pickWords(sql: postgres.Sql): Promise<BenchWords> {
  const vocabulary = buildVocabulary();
  const measure = async (rank: number) => {
    const word = vocabulary[rank]!;
    const [row] = await sql<{ n: string }[]>`SELECT count(*) AS n FROM messages WHERE search_vector @@ plainto_tsquery('english', ${word})`;
    return { word, messages: Number(row!.n) };
  };
  // Zipf s = 1 over 20,000 words, 4–27 words a message: rank 0 is in most messages, rank 300 in
  // about 0.5 %, rank 15,000 in about a hundred.
  return { rare: await measure(15_000), mid: await measure(300), common: await measure(0) };
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const fresh = process.argv.includes("--fresh");
  await ensureBenchData({ fresh });
}
