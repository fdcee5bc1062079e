/**
 * Where broadcasts go. Pusher's cloud with `PUSHER_APP_ID/KEY/SECRET` (+ `PUSHER_CLUSTER`), a
 * self-hosted Pusher-protocol server (Soketi, the local relay) with `PUSHER_HOST`/`PUSHER_PORT`
 * as well; with no credentials outside production, the local relay that `npm run dev` starts on
 * 127.0.0.1:6001 with the dev credentials below. Production without credentials has no realtime:
 * pages poll every 5 s.
 */
export interface RealtimeConfig {
  appId: string;
  key: string;
  secret: string;
  cluster: string;
  /** null: Pusher's cloud for `cluster`. */
  host: string | null;
  port: number | null;
  useTLS: boolean;
}

/** What the browser needs; never the secret. */
export interface BrowserRealtimeConfig {
  key: string;
  cluster: string;
  wsHost: string | null;
  wsPort: number | null;
  forceTLS: boolean;
}

/** Public on purpose: only the local relay accepts them, and it is a development tool. */
export const DEV_RELAY_APP = { id: "orderline-dev", key: "orderline-dev-key", secret: "orderline-dev-secret" } as const;
export const DEV_RELAY_HOST = "127.0.0.1";
export const DEV_RELAY_PORT = 6001;

export interface RealtimeEnv {
  NODE_ENV?: string;
  PUSHER_APP_ID?: string;
  PUSHER_KEY?: string;
  PUSHER_SECRET?: string;
  PUSHER_CLUSTER?: string;
  PUSHER_HOST?: string;
  PUSHER_PORT?: number;
  PUSHER_USE_TLS?: boolean;
}

export function resolveRealtimeConfig(env: RealtimeEnv): RealtimeConfig | null {
  const { PUSHER_APP_ID: appId, PUSHER_KEY: key, PUSHER_SECRET: secret } = env;
  if (appId && key && secret) {
    const host = env.PUSHER_HOST ?? null;
    return {
      appId,
      key,
      secret,
      cluster: env.PUSHER_CLUSTER ?? "mt1",
      host,
      port: env.PUSHER_PORT ?? null,
      // Pusher's cloud is TLS only; a self-hosted server says what it speaks.
      useTLS: env.PUSHER_USE_TLS ?? host === null,
    };
  }
  if (env.NODE_ENV === "production") return null;
  return {
    appId: DEV_RELAY_APP.id,
    key: DEV_RELAY_APP.key,
    secret: DEV_RELAY_APP.secret,
    cluster: "local",
    host: env.PUSHER_HOST ?? DEV_RELAY_HOST,
    port: env.PUSHER_PORT ?? DEV_RELAY_PORT,
    useTLS: env.PUSHER_USE_TLS ?? false,
  };
}

export function browserRealtimeConfig(config: RealtimeConfig | null): BrowserRealtimeConfig | null {
  if (!config) return null;
  return { key: config.key, cluster: config.cluster, wsHost: config.host, wsPort: config.port, forceTLS: config.useTLS };
}
