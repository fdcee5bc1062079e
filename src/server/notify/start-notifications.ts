import type Pusher from "pusher";
import type { DbOrTx } from "../db/client";
import { onDomainEvent } from "../events/domain-events";
import { channelNames, realtimeEvents } from "../realtime/channel-names";
import { notifyOnMessage } from "./notify-on-message";

const MAX_CHANNELS_PER_TRIGGER = 100;

/**
 * Decides who is told about each new message (notify-on-message.ts) and rings their bells over
 * their own channels. Email digests are not built: they belong on the channels work's outbox.
 */
export function startNotifications(deps: { db: () => Promise<DbOrTx>; pusher: Pusher | null; log?: (m: string, e?: unknown) => void }): () => void {
  const log = deps.log ?? ((message: string, error?: unknown) => console.error(message, error ?? ""));
  return onDomainEvent("MESSAGE_CREATED", async (event) => {
    const notified = await notifyOnMessage(await deps.db(), event);
    if (!deps.pusher || notified.length === 0) return;
    const payload = { threadId: event.threadId, orderNumber: event.orderNumber, messageId: event.messageId };
    for (let i = 0; i < notified.length; i += MAX_CHANNELS_PER_TRIGGER) {
      const channels = notified.slice(i, i + MAX_CHANNELS_PER_TRIGGER).map(channelNames.user);
      // Best effort like every broadcast: the rows are stored; the bell also polls when offline.
      await deps.pusher.trigger(channels, realtimeEvents.notification, payload).catch((error: unknown) => log("notify: bell not rung", error));
    }
  });
}
