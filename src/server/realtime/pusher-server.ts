import "server-only";
import type Pusher from "pusher";
import { env } from "~/env";
import { pusherFor } from "./pusher-sdk";
import { resolveRealtimeConfig, type RealtimeConfig } from "./realtime-config";

export function configuredRealtime(): RealtimeConfig | null {
  return resolveRealtimeConfig(env);
}

const globalForPusher = globalThis as unknown as { orderlinePusher?: Pusher | null };

/** The server SDK for this process's configuration; null when realtime is off. */
export function configuredPusher(): Pusher | null {
  if (globalForPusher.orderlinePusher === undefined) {
    const config = configuredRealtime();
    globalForPusher.orderlinePusher = config ? pusherFor(config) : null;
  }
  return globalForPusher.orderlinePusher;
}
