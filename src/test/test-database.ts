import { randomBytes } from "node:crypto";
import postgres from "postgres";
import { inject } from "vitest";
import type { Actor } from "../server/access";
import { actorFromUser } from "../server/access/actor-from-user";
import { connectPglite, connectPostgres, type Database, type DbHandle } from "../server/db/client";
import { users } from "../server/db/schema";
import { seedDemoData } from "../server/db/seed";
import { databaseUrl } from "./database-target";

export interface TestDatabase {
  db: Database;
  driver: DbHandle["driver"];
  /** The database's postgres:// URL, for tests that start another process on it (null on PGlite). */
  url: string | null;
  /** The demo user with this email, as an Actor. */
  actor(email: string): Actor;
  close(): Promise<void>;
}

/** A fresh, migrated and seeded database of this test file's own. Call in beforeAll, close in afterAll. */
export async function createTestDatabase(options: { driver?: "pglite" } = {}): Promise<TestDatabase> {
  const target = inject("testDatabase");
  let handle: DbHandle;
  let drop = async () => {};
  let url: string | null = null;
  if (target.kind === "postgres" && options.driver !== "pglite") {
    const name = `orderline_test_${randomBytes(6).toString("hex")}`;
    const admin = postgres(target.adminUrl, { max: 1, onnotice: () => {} });
    await admin.unsafe(`CREATE DATABASE "${name}" TEMPLATE "${target.template}"`);
    url = databaseUrl(target.adminUrl, name);
    handle = connectPostgres(url, { max: 10 });
    drop = async () => {
      await admin.unsafe(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
      await admin.end();
    };
  } else {
    handle = await connectPglite();
    await handle.migrate();
    await seedDemoData(handle.db);
  }
  const actors = new Map((await handle.db.select().from(users)).map((u) => [u.email, actorFromUser(u)]));
  return {
    db: handle.db,
    driver: handle.driver,
    url,
    actor(email) {
      const found = actors.get(email);
      if (!found) throw new Error(`no demo user ${email}`);
      return found;
    },
    async close() {
      await handle.close();
      await drop();
    },
  };
}
