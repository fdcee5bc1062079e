"use client";

import PusherClient from "pusher-js";
import { createContext, useContext, useEffect, useState, type ReactNode } from "react";
import type { BrowserRealtimeConfig } from "~/server/realtime/realtime-config";

/** pusher-js's connection states, plus "off" when the server has no realtime configured. */
export type ConnectionState = "off" | "initialized" | "connecting" | "connected" | "unavailable" | "failed" | "disconnected";

interface Realtime {
  pusher: PusherClient | null;
  state: ConnectionState;
}

const RealtimeContext = createContext<Realtime>({ pusher: null, state: "off" });

// One connection per tab, whatever mounts and unmounts: pusher-js multiplexes every channel on it.
let shared: { key: string; pusher: PusherClient } | null = null;

function connect(config: BrowserRealtimeConfig): PusherClient {
  if (shared?.key === config.key) return shared.pusher;
  const selfHosted = config.wsHost !== null;
  const pusher = new PusherClient(config.key, {
    cluster: config.cluster,
    forceTLS: config.forceTLS,
    ...(selfHosted ? { wsHost: config.wsHost ?? undefined, wsPort: config.wsPort ?? 80, wssPort: config.wsPort ?? 443 } : {}),
    // A self-hosted server (the local relay, Soketi) speaks WebSockets only: no SockJS fallbacks.
    ...(selfHosted ? { enabledTransports: ["ws", "wss"] as ("ws" | "wss")[] } : {}),
    disableStats: true,
    channelAuthorization: { endpoint: "/api/pusher/auth", transport: "ajax" },
  });
  shared = { key: config.key, pusher };
  return pusher;
}

/** Gives the page hooks the tab's Pusher connection and its state (null config: realtime is off). */
export function RealtimeProvider({ config: given, children }: { config: BrowserRealtimeConfig | null; children: ReactNode }) {
  // The layout sends a new object on each render; the connection only cares about its values.
  const configKey = JSON.stringify(given);
  const [realtime, setRealtime] = useState<Realtime>({ pusher: null, state: "off" });
  useEffect(() => {
    const config = JSON.parse(configKey) as BrowserRealtimeConfig | null;
    if (!config) return;
    const pusher = connect(config);
    const update = () => setRealtime({ pusher, state: pusher.connection.state as ConnectionState });
    update();
    pusher.connection.bind("state_change", update);
    return () => {
      pusher.connection.unbind("state_change", update);
    };
  }, [configKey]);
  return <RealtimeContext.Provider value={realtime}>{children}</RealtimeContext.Provider>;
}

export function useRealtime(): Realtime {
  return useContext(RealtimeContext);
}
