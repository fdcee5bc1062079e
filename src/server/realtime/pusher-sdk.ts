import Pusher from "pusher";
import type { RealtimeConfig } from "./realtime-config";

/** The official server SDK for a configuration; no env, no `server-only`, so `npm run worker` can use it too. */
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
