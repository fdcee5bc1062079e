import "server-only";
import { getDb } from "../db";
import { startRealtimeBroadcasts } from "./broadcast-domain-events";
import { configuredPusher, configuredRealtime } from "./pusher-server";

const globalForBroadcasts = globalThis as unknown as { orderlineBroadcastsStarted?: boolean };

/** Called once per server process (src/instrumentation.ts): broadcasts and the notification bells. */
export function startConfiguredBroadcasts(): void {
  if (globalForBroadcasts.orderlineBroadcastsStarted) return;
  globalForBroadcasts.orderlineBroadcastsStarted = true;
  const pusher = configuredPusher();
  if (!pusher) {
    console.warn("Realtime is off (no PUSHER_APP_ID/KEY/SECRET in production): pages poll every 5 s.");
    return;
  }
  const config = configuredRealtime();
  console.log(`Realtime: broadcasting to ${config?.host ? `${config.host}:${config.port ?? "default port"}` : `Pusher cluster ${config?.cluster}`}`);
  startRealtimeBroadcasts({ db: getDb, pusher });
}
