import { mkdirSync } from "node:fs";
import path from "node:path";
import { PGlite } from "@electric-sql/pglite";
import type { ExtractTablesWithRelations, SQL } from "drizzle-orm";
import type { PgDatabase, PgQueryResultHKT, PgTransaction } from "drizzle-orm/pg-core";
import { drizzle as drizzlePglite } from "drizzle-orm/pglite";
import { migrate as migratePglite } from "drizzle-orm/pglite/migrator";
import { drizzle as drizzlePostgres } from "drizzle-orm/postgres-js";
import { migrate as migratePostgres } from "drizzle-orm/postgres-js/migrator";
import postgres from "postgres";
import { listenPostgres, type ChannelListener } from "./listen-postgres";
import { acquirePgliteLock } from "./pglite-lock";
import * as schema from "./schema";

type Schema = typeof schema;
/** Either driver's database: domain code only ever sees this type. */
export type Database = PgDatabase<PgQueryResultHKT, Schema>;
export type Transaction = PgTransaction<PgQueryResultHKT, Schema, ExtractTablesWithRelations<Schema>>;
export type DbOrTx = Database | Transaction;

export interface DbHandle {
  db: Database;
  driver: "postgres" | "pglite";
  migrate(): Promise<void>;
  /** Follows NOTIFYs on `channel` until close(), reconnecting by itself; see ChannelListener. */
  listen(channel: string, listener: ChannelListener): void;
  close(): Promise<void>;
}

export const migrationsFolder = path.join(process.cwd(), "drizzle");

export interface PostgresOptions {
  max?: number;
  /**
   * Longest a statement may run before the server cancels it (SQLSTATE 57014); 0 means never.
   * Sent as a startup parameter, so it holds on every pooled connection from its first query.
   */
  statementTimeoutMs?: number;
}

/** DATABASE_STATEMENT_TIMEOUT_MS's default, for callers outside the app (scripts, tests). */
export const DEFAULT_STATEMENT_TIMEOUT_MS = 5_000;

type PostgresClient = postgres.Sql | postgres.TransactionSql;
type Callback = (sql: PostgresClient) => unknown;

/**
 * The client as Drizzle gets it, with every statement prepared. Drizzle asks postgres-js not to
 * prepare (`prepare: false` unless a query is named), and postgres-js sends an unprepared query
 * with parameters in two round trips (Parse + Describe, wait, then Bind + Execute) with a parse on
 * the server every time. Prepared, a statement is described once per connection and then costs one
 * round trip (issue 13: round trips are what a request costs here). Transactions and savepoints
 * hand Drizzle a client of their own, so those are wrapped too.
 */
function preparingEveryStatement<T extends PostgresClient>(client: T): T {
  const wrapCallback = (args: unknown[]) => {
    const callback = args.pop() as Callback;
    return [...args, (inner: PostgresClient) => callback(preparingEveryStatement(inner))];
  };
  return new Proxy(client, {
    get(target, prop, receiver) {
      if (prop === "unsafe") {
        return (query: string, params?: unknown[], queryOptions?: Record<string, unknown>) =>
          target.unsafe(query, params as never, { ...queryOptions, prepare: true });
      }
      if (prop === "begin" || prop === "savepoint") {
        const run = Reflect.get(target, prop, receiver) as ((...args: unknown[]) => unknown) | undefined;
        return run && ((...args: unknown[]) => run.apply(target, wrapCallback(args)));
      }
      return Reflect.get(target, prop, receiver) as unknown;
    },
  });
}

/**
 * A pool's database → the same database on connections that keep one generic plan per statement.
 * On globalThis: Next bundles this module into several chunks, and the chunk that opened the pool
 * is not always the one that sends.
 */
const globalForPlans = globalThis as unknown as { orderlinePlanningOnce?: WeakMap<object, Database> };
const planningOnce = (globalForPlans.orderlinePlanningOnce ??= new WeakMap());

/**
 * Where a statement whose generic plan was verified to be as good as its custom ones should run:
 * on Postgres, a second pool whose connections plan each prepared statement once and reuse that
 * plan (the send statement's custom planning cost 2.3 ms of its 5.5 ms, issue 13). Inside a
 * transaction, and on PGlite, `db` itself: a transaction's statements must stay on its connection.
 * Only for statements without array parameters or array columns (that pool does not load them).
 */
export function planOnce(db: DbOrTx): DbOrTx {
  return planningOnce.get(db) ?? db;
}

export function connectPostgres(url: string, options: PostgresOptions = {}): DbHandle {
  const statementTimeout = options.statementTimeoutMs ?? DEFAULT_STATEMENT_TIMEOUT_MS;
  // Quiet NOTICEs ("relation already exists, skipping") from migrations. force_custom_plan: a
  // prepared statement is still planned for each call's values, as the unnamed ones were; a
  // generic plan could flip a search plan between a rare and a common word. Connections open
  // lazily: the plan-once pool costs nothing until a statement is sent through planOnce().
  const pool = (planCacheMode: "force_custom_plan" | "force_generic_plan", fetchArrayTypes: boolean) =>
    postgres(url, {
      max: options.max ?? 10,
      onnotice: () => {},
      fetch_types: fetchArrayTypes,
      connection: { statement_timeout: statementTimeout, plan_cache_mode: planCacheMode },
    });
  const client = pool("force_custom_plan", true);
  // No array type lookup (a query of its own on each new connection, before the first statement):
  // a plan-once statement neither takes nor returns arrays.
  const genericClient = pool("force_generic_plan", false);
  const db = drizzlePostgres({ client: preparingEveryStatement(client), schema });
  planningOnce.set(db, drizzlePostgres({ client: preparingEveryStatement(genericClient), schema }) as unknown as Database);
  const stopListening: Array<() => Promise<void>> = [];
  return {
    db: db as unknown as Database,
    driver: "postgres",
    // On a connection of its own without the timeout: an index built over a million rows may
    // rightly take longer than any request should.
    migrate: async () => {
      const migrator = postgres(url, { max: 1, onnotice: () => {}, connection: { statement_timeout: 0 } });
      try {
        await migratePostgres(drizzlePostgres({ client: migrator, schema }), { migrationsFolder });
      } finally {
        await migrator.end({ timeout: 5 });
      }
    },
    listen: (channel, listener) => void stopListening.push(listenPostgres(url, channel, listener)),
    close: async () => {
      await Promise.all(stopListening.map((stop) => stop()));
      await Promise.all([client.end({ timeout: 5 }), genericClient.end({ timeout: 5 })]);
    },
  };
}

/**
 * Embedded Postgres. `dataDir` undefined means in memory (tests). No statement timeout: PGlite
 * runs each query to its end on the Node thread (measured: `SET statement_timeout = 200` then
 * `pg_sleep(1)` returns after 1 s), and it is one connection of a single-user setup anyway.
 * Only one process may open a data directory: a second opener is refused (see pglite-lock).
 */
export async function connectPglite(dataDir?: string): Promise<DbHandle> {
  let release = (): Promise<void> => Promise.resolve();
  if (dataDir) {
    mkdirSync(dataDir, { recursive: true });
    release = await acquirePgliteLock(dataDir);
  }
  let client: PGlite;
  try {
    client = await PGlite.create(dataDir);
  } catch (error) {
    await release();
    throw error;
  }
  const db = drizzlePglite({ client, schema });
  return {
    db: db as unknown as Database,
    driver: "pglite",
    migrate: () => migratePglite(db, { migrationsFolder }),
    // One instance and no connection to lose: it delivers its own NOTIFYs (checked), once listening.
    listen: (channel, listener) => {
      client.listen(channel, (payload) => listener.onNotify(payload)).then(
        () => listener.onListen(),
        (error: unknown) => console.error(`LISTEN ${channel} failed`, error),
      );
    },
    close: async () => {
      await client.close();
      await release();
    },
  };
}

export const defaultPgliteDir = path.join(process.cwd(), ".data", "pglite");

/** DATABASE_URL when set, else the embedded database in PGLITE_DIR (default ./.data/pglite). */
export async function connectFromEnv(
  databaseUrl: string | undefined = process.env.DATABASE_URL,
  pgliteDir: string = process.env.PGLITE_DIR || defaultPgliteDir,
  postgresOptions: PostgresOptions = {},
): Promise<DbHandle> {
  return databaseUrl ? connectPostgres(databaseUrl, postgresOptions) : connectPglite(pgliteDir);
}

/** Rows of a raw query, whichever driver ran it (postgres-js answers an array, PGlite `{ rows }`). */
export async function queryRows<T>(db: DbOrTx, query: SQL): Promise<T[]> {
  const result = (await db.execute(query)) as unknown;
  return (Array.isArray(result) ? result : (result as { rows: T[] }).rows) as T[];
}
