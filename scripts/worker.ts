/**
 * The outbox worker on its own: `npm run worker` (DATABASE_URL, or the PGlite directory when no
 * `npm run dev` holds it — inside dev the app runs the worker itself, see src/instrumentation.ts).
 *   --batch-size <n>  --lease-ms <ms>  --poll-ms <ms>  override the defaults (tests, tuning)
 * Stops on SIGTERM/SIGINT after the round in progress.
 */
import { parseArgs } from "node:util";
import { connectFromEnv, type DbHandle } from "../src/server/db/client";
import { PgliteLockedError } from "../src/server/db/pglite-lock";
import { deliveryConfigFromEnv, workerOptionsFromEnv } from "../src/server/delivery/delivery-config";
import { startDeliveryWorker } from "../src/server/delivery/run-delivery-worker";
import { closeEmailTransports } from "../src/server/delivery/send-email";

function positive(value: string | undefined, name: string, fallback: number): number {
  if (value === undefined) return fallback;
  const number = Number(value);
  if (!Number.isInteger(number) || number <= 0) {
    console.error(`--${name} must be a positive whole number, got "${value}"`);
    process.exit(2);
  }
  return number;
}

const { values } = parseArgs({
  options: { "batch-size": { type: "string" }, "lease-ms": { type: "string" }, "poll-ms": { type: "string" } },
});
const defaults = workerOptionsFromEnv();
const options = {
  ...defaults,
  batchSize: positive(values["batch-size"], "batch-size", defaults.batchSize),
  leaseMs: positive(values["lease-ms"], "lease-ms", defaults.leaseMs),
  pollMs: positive(values["poll-ms"], "poll-ms", defaults.pollMs),
};

let handle: DbHandle;
try {
  handle = await connectFromEnv();
} catch (error) {
  if (!(error instanceof PgliteLockedError)) throw error;
  console.error(error.message);
  process.exit(1);
}
if (handle.driver === "pglite") await handle.migrate();
const db = handle.db;
const worker = startDeliveryWorker(() => Promise.resolve(db), deliveryConfigFromEnv(), options, (report) =>
  console.log(`deliveries: ${JSON.stringify(report)}`),
);
console.log(`delivery worker running (${handle.driver}, batch ${options.batchSize}, lease ${options.leaseMs} ms)`);
// The worker's timers are unref'd (so the app can exit around it); here they are the whole process.
const keepAlive = setInterval(() => {}, 60_000);

let stopping = false;
async function shutdown(signal: string) {
  if (stopping) return;
  stopping = true;
  console.log(`${signal}: finishing the round in progress`);
  await worker.stop();
  clearInterval(keepAlive);
  closeEmailTransports();
  await handle.close();
}
process.on("SIGTERM", () => void shutdown("SIGTERM"));
process.on("SIGINT", () => void shutdown("SIGINT"));
