"use client";

import type { Channel } from "pusher-js";
import { useEffect, useRef, useState } from "react";
import { realtimeEvents, type RealtimePayload } from "~/server/realtime/channel-names";
import { useRealtime, type ConnectionState } from "./RealtimeProvider";

export const POLL_INTERVAL_MS = 5_000;

export type LiveMode = "live" | "connecting" | "polling";
export interface LiveStatus {
  mode: LiveMode;
  state: ConnectionState;
}

/** Why the page should refetch: a broadcast, a poll while not live, or catching up after one. */
export type RefreshReason = { kind: "event"; event: string; payload: RealtimePayload } | { kind: "poll" } | { kind: "recovered" };

const watchedEvents = Object.values(realtimeEvents);

// Several hooks on one page may share a channel (the bell and the order list): count users, so
// one unmounting does not unsubscribe the other.
const channelUsers = new Map<string, number>();

/**
 * Subscribes to `channels` on the tab's connection and calls `refresh` on each event. While the
 * connection is not up or a channel is refused, `refresh` runs every 5 s instead; when live
 * again, once more to catch up with whatever was missed.
 */
export function useLiveChannels(channels: readonly string[], refresh: (reason: RefreshReason) => void): LiveStatus {
  const { pusher, state } = useRealtime();
  const refreshRef = useRef(refresh);
  refreshRef.current = refresh;
  const key = channels.join(" ");
  const [subscribed, setSubscribed] = useState<Record<string, boolean>>({});

  useEffect(() => {
    if (!pusher) return;
    const names = key.split(" ").filter(Boolean);
    const cleanups = names.map((name) => {
      channelUsers.set(name, (channelUsers.get(name) ?? 0) + 1);
      const channel: Channel = pusher.subscribe(name);
      const onEvent = (event: string, data: unknown) => {
        if (watchedEvents.includes(event as (typeof watchedEvents)[number])) {
          refreshRef.current({ kind: "event", event, payload: data as RealtimePayload });
        }
      };
      const onSucceeded = () => setSubscribed((s) => ({ ...s, [name]: true }));
      const onRefused = () => setSubscribed((s) => ({ ...s, [name]: false }));
      channel.bind_global(onEvent);
      channel.bind("pusher:subscription_succeeded", onSucceeded);
      channel.bind("pusher:subscription_error", onRefused);
      if (channel.subscribed) onSucceeded();
      return () => {
        channel.unbind_global(onEvent);
        channel.unbind("pusher:subscription_succeeded", onSucceeded);
        channel.unbind("pusher:subscription_error", onRefused);
        const users = (channelUsers.get(name) ?? 1) - 1;
        channelUsers.set(name, users);
        if (users === 0) pusher.unsubscribe(name);
      };
    });
    return () => cleanups.forEach((cleanup) => cleanup());
  }, [pusher, key]);

  const mode = liveMode(state, channels.map((name) => subscribed[name]));

  // Poll whenever events may be missed (while connecting too: "connecting" can last). Once live
  // after a spell of polling or a dropped connection, refetch once for whatever fell in between.
  const live = mode === "live";
  const mayHaveMissed = useRef(false);
  useEffect(() => {
    if (live) {
      if (mayHaveMissed.current) refreshRef.current({ kind: "recovered" });
      mayHaveMissed.current = false;
      return () => {
        mayHaveMissed.current = true;
      };
    }
    const timer = setInterval(() => {
      mayHaveMissed.current = true;
      refreshRef.current({ kind: "poll" });
    }, POLL_INTERVAL_MS);
    return () => clearInterval(timer);
  }, [live]);

  return { mode, state };
}

/** undefined: the subscription has not answered yet; false: refused. */
function liveMode(state: ConnectionState, subscriptions: (boolean | undefined)[]): LiveMode {
  if (subscriptions.includes(false)) return "polling";
  if (state === "connected") return subscriptions.every(Boolean) ? "live" : "connecting";
  return state === "initialized" || state === "connecting" ? "connecting" : "polling";
}
