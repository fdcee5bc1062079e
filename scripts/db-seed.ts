import { connectFromEnv } from "../src/server/db/client";
import { PgliteLockedError } from "../src/server/db/pglite-lock";
import { seedDemoData } from "../src/server/db/seed";
import { isLocalDatabaseUrl } from "./seed-target";

const force = process.argv.includes("--force");
if (process.env.NODE_ENV === "production" && !force) {
  console.error("Refusing to seed demo data with NODE_ENV=production. Pass --force if you really mean it.");
  process.exit(1);
}
const databaseUrl = process.env.DATABASE_URL;
if (databaseUrl && !isLocalDatabaseUrl(databaseUrl) && !force) {
  const host = /^[^:]+:\/\/(?:[^@/?]*@)?([^/?]+)/.exec(databaseUrl)?.[1] ?? "an unrecognised URL";
  console.error(
    `Refusing to seed demo data (users with a public password) into DATABASE_URL on ${host}, which is not this machine. ` +
      "Pass --force if you really mean it: npm run db:seed -- --force",
  );
  process.exit(1);
}
try {
  const handle = await connectFromEnv();
  if (handle.driver === "pglite") await handle.migrate();
  await seedDemoData(handle.db);
  console.log(`demo data seeded (${handle.driver})`);
  await handle.close();
} catch (error) {
  // A running `npm run dev` holds the embedded database: say so, without a stack trace.
  if (!(error instanceof PgliteLockedError)) throw error;
  console.error(error.message);
  process.exitCode = 1;
}
