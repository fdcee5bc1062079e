import "server-only";
import { env } from "~/env";
import { followActorChanges } from "../auth/actor-change-feed";
import { connectFromEnv, type Database } from "./client";
import { seedDemoData } from "./seed";

// Kept on globalThis: each hot reload re-evaluates this module, and a second PGlite instance
// on the same directory would lose rows.
const globalForDb = globalThis as unknown as { orderlineDb?: Promise<Database> };

async function open(): Promise<Database> {
  const handle = await connectFromEnv(env.DATABASE_URL, env.PGLITE_DIR, { statementTimeoutMs: env.DATABASE_STATEMENT_TIMEOUT_MS });
  if (handle.driver === "pglite") {
    // Zero-setup default: the embedded database migrates itself, and outside production seeds the
    // demo users (whose password is public) on first start.
    await handle.migrate();
    if (env.NODE_ENV !== "production") await seedDemoData(handle.db);
  }
  followActorChanges(handle);
  return handle.db;
}

/** The app's database; opened once per process. */
export function getDb(): Promise<Database> {
  globalForDb.orderlineDb ??= open().catch((error: unknown) => {
    globalForDb.orderlineDb = undefined;
    throw error;
  });
  return globalForDb.orderlineDb;
}
