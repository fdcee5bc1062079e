import "server-only";
import Pusher from "pusher";
import { env } from "~/env";
import { resolveRealtimeConfig, type RealtimeConfig } from "./realtime-config";

export function pusherFor(config: RealtimeConfig): Pusher {
  return new Pusher({
    appId: config.appId,
    key: config.key,
    secret: config.secret,
    cluster: config.cluster,
    ...(config.host ? { host: config.host } : {}),
    ...(config.port ? { port: String(config.port) } : {}),
    useTLS: config.useTLS,
    // A broadcast is best effort; a hung relay must not hold listeners for the SDK's default 30 s.
    timeout: 5_000,
  });
}

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
