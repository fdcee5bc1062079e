import "server-only";
import { env } from "~/env";
import { getDb } from "../db";
import { deliveryConfigFromEnv, workerOptionsFromEnv } from "./delivery-config";
import { startDeliveryWorker, type RunningWorker } from "./run-delivery-worker";

const globalForWorker = globalThis as unknown as { orderlineDeliveryWorker?: RunningWorker };

/**
 * Whether this app process runs the outbox worker: always on the embedded database (only one
 * process may open it, so `npm run worker` cannot run beside it), by default in development, and
 * in production only with DELIVERY_WORKER=in-process (else run `npm run worker` beside the app).
 */
export function runsWorkerInProcess(): boolean {
  if (env.DELIVERY_WORKER) return env.DELIVERY_WORKER === "in-process";
  return !env.DATABASE_URL || env.NODE_ENV !== "production";
}

/** Called once from src/instrumentation.ts; kept on globalThis so a hot reload never starts a second. */
export function startDeliveryWorkerInProcess(): void {
  if (globalForWorker.orderlineDeliveryWorker || !runsWorkerInProcess()) return;
  globalForWorker.orderlineDeliveryWorker = startDeliveryWorker(getDb, deliveryConfigFromEnv(), workerOptionsFromEnv());
}
