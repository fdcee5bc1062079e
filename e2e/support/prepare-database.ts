/**
 * Run by the webServer command before `next build`, so the database exists, migrated and seeded,
 * before the server can take any request (Playwright starts the webServer before globalSetup).
 */
import postgres from "postgres";
import { connectPglite, connectPostgres } from "../../src/server/db/client";
import { seedDemoData } from "../../src/server/db/seed";
import { e2eDatabase } from "./e2e-database";

const target = e2eDatabase();
if (target.kind === "postgres") {
  const started = Date.now();
  const admin = postgres(target.adminUrl, { max: 1, onnotice: () => {} });
  await admin.unsafe(`CREATE DATABASE "${target.name}"`);
  await admin.end();
  const handle = connectPostgres(target.url, { max: 1 });
  await handle.migrate();
  await seedDemoData(handle.db);
  await handle.close();
  console.log(`e2e database ${target.name} ready in ${Date.now() - started} ms`);
} else {
  // A production server on PGlite migrates but never seeds demo users: seed here, then let go of
  // the directory before the server opens it (one process per PGlite directory).
  const handle = await connectPglite(target.dataDir);
  await handle.migrate();
  await seedDemoData(handle.db);
  await handle.close();
  console.log(`e2e runs on a fresh PGlite in ${target.dataDir}`);
}
