import { connectFromEnv } from "../src/server/db/client";
import { seedDemoData } from "../src/server/db/seed";

if (process.env.NODE_ENV === "production" && !process.argv.includes("--force")) {
  console.error("Refusing to seed demo data with NODE_ENV=production. Pass --force if you really mean it.");
  process.exit(1);
}
const handle = await connectFromEnv();
if (handle.driver === "pglite") await handle.migrate();
await seedDemoData(handle.db);
console.log(`demo data seeded (${handle.driver})`);
await handle.close();
