import { connectFromEnv } from "../src/server/db/client";

const handle = await connectFromEnv();
const started = Date.now();
await handle.migrate();
console.log(`migrations applied (${handle.driver}) in ${Date.now() - started} ms`);
await handle.close();
