import type Pusher from "pusher";
import { channelNames } from "./channel-names";

/** Which of these users are online now. */
export type OnlineUsers = (userIds: readonly string[]) => Promise<Set<string>>;

/** Channel-info requests in flight at once: Pusher's HTTP API is rate limited per app. */
const CONCURRENT_LOOKUPS = 10;

/**
 * "Online" means the user's own private channel has a subscriber: every signed-in page subscribes
 * to it for the bell, so an open tab is enough. Asked with the official SDK (`GET
 * /apps/:id/channels/:name` → `{ occupied }`). Without realtime nobody can be seen online, so
 * nobody is; a lookup that fails counts as offline too (logged): an extra email beats a missed one.
 */
export function onlineUsersVia(pusher: Pusher | null, log: (message: string, error?: unknown) => void = console.error): OnlineUsers {
  return async (userIds) => {
    const online = new Set<string>();
    if (!pusher) return online;
    const queue = [...userIds];
    let failed = 0;
    let firstError: unknown;
    const lookUp = async () => {
      for (let userId = queue.shift(); userId !== undefined; userId = queue.shift()) {
        try {
          const response = await pusher.get({ path: `/channels/${channelNames.user(userId)}` });
          const info = (await response.json()) as { occupied?: unknown };
          if (info.occupied === true) online.add(userId);
        } catch (error) {
          failed += 1;
          firstError ??= error;
        }
      }
    };
    await Promise.all(Array.from({ length: Math.min(CONCURRENT_LOOKUPS, queue.length) }, lookUp));
    // One line per step, not per user: a relay that is down fails every lookup.
    if (failed > 0) log(`online check failed for ${failed} of ${userIds.length} user(s): counted as offline`, firstError);
    return online;
  };
}
