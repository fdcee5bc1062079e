import { describe, expect, it } from "vitest";
import { browserRealtimeConfig, DEV_RELAY_APP, resolveRealtimeConfig } from "./realtime-config";
import { usesLocalRelay } from "./relay/relay-from-env";

describe("realtime configuration (CONTRACT.md's PUSHER_*)", () => {
  it("unset outside production: the local relay on 127.0.0.1:6001 with the dev credentials, and the dev launcher starts it", () => {
    expect(resolveRealtimeConfig({ NODE_ENV: "development" })).toEqual({
      appId: DEV_RELAY_APP.id, key: DEV_RELAY_APP.key, secret: DEV_RELAY_APP.secret,
      cluster: "local", host: "127.0.0.1", port: 6001, useTLS: false,
    });
    expect(usesLocalRelay({ NODE_ENV: "development" })).toBe(true);
  });

  it("unset in production: realtime off (pages poll), never the dev credentials", () => {
    expect(resolveRealtimeConfig({ NODE_ENV: "production" })).toBeNull();
    expect(usesLocalRelay({ NODE_ENV: "production" })).toBe(false);
  });

  it("credentials alone: Pusher's cloud over TLS in the given cluster", () => {
    const config = resolveRealtimeConfig({ NODE_ENV: "production", PUSHER_APP_ID: "1", PUSHER_KEY: "k", PUSHER_SECRET: "s", PUSHER_CLUSTER: "eu" });
    expect(config).toMatchObject({ host: null, port: null, useTLS: true, cluster: "eu" });
  });

  it("credentials with a host: a self-hosted server (Soketi), TLS only when asked; the browser never gets the secret", () => {
    const env = { NODE_ENV: "production" as const, PUSHER_APP_ID: "1", PUSHER_KEY: "k", PUSHER_SECRET: "s", PUSHER_HOST: "ws.example", PUSHER_PORT: 6001 };
    const config = resolveRealtimeConfig(env);
    expect(config).toMatchObject({ host: "ws.example", port: 6001, useTLS: false });
    expect(resolveRealtimeConfig({ ...env, PUSHER_USE_TLS: true })?.useTLS).toBe(true);
    expect(JSON.stringify(browserRealtimeConfig(config))).not.toContain('"s"');
    expect(usesLocalRelay({ ...env, PUSHER_PORT: "6001" })).toBe(false);
  });
});
