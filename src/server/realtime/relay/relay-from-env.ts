import { DEV_RELAY_APP, DEV_RELAY_HOST, DEV_RELAY_PORT } from "../realtime-config";
import { startPusherRelay, type PusherRelay } from "./pusher-relay";

/**
 * The relay as `npm run dev` and `npm run realtime:relay` start it: on PUSHER_HOST/PUSHER_PORT
 * (default 127.0.0.1:6001) with PUSHER_APP_ID/KEY/SECRET or the dev credentials. Null when
 * another relay already holds the port (a second dev server shares the first one's).
 */
export async function startRelayFromEnv(env: NodeJS.ProcessEnv, log: (line: string) => void): Promise<PusherRelay | null> {
  const app =
    env.PUSHER_APP_ID && env.PUSHER_KEY && env.PUSHER_SECRET
      ? { id: env.PUSHER_APP_ID, key: env.PUSHER_KEY, secret: env.PUSHER_SECRET }
      : DEV_RELAY_APP;
  const port = env.PUSHER_PORT ? Number(env.PUSHER_PORT) : DEV_RELAY_PORT;
  try {
    return await startPusherRelay({ apps: [app], host: env.PUSHER_HOST ?? DEV_RELAY_HOST, port, log });
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== "EADDRINUSE") throw error;
    log(`port ${port} is taken: assuming a relay already runs there`);
    return null;
  }
}

/** True when this process would broadcast to the local relay rather than to Pusher or Soketi. */
export function usesLocalRelay(env: NodeJS.ProcessEnv): boolean {
  const credentials = env.PUSHER_APP_ID && env.PUSHER_KEY && env.PUSHER_SECRET;
  return !credentials && !env.PUSHER_HOST && env.NODE_ENV !== "production";
}
