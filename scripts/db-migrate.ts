import { connectFromEnv } from "../src/server/db/client";
import { PgliteLockedError } from "../src/server/db/pglite-lock";

try {
  const handle = await connectFromEnv();
  const started = Date.now();
  await handle.migrate();
  console.log(`migrations applied (${handle.driver}) in ${Date.now() - started} ms`);
  await handle.close();
} catch (error) {
  // A running `npm run dev` holds the embedded database: say so, without a stack trace.
  if (!(error instanceof PgliteLockedError)) throw error;
  console.error(error.message);
  process.exitCode = 1;
}
