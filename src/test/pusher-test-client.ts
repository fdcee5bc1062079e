import PusherClient from "pusher-js";
import type { PusherRelay } from "~/server/realtime/relay/pusher-relay";

type Authorization = { auth: string; channel_data?: string };

/**
 * pusher-js (its Node build) connected to a test relay over plain ws. Private channels are
 * authorised by `authorize` in process, the way a browser's POST /api/pusher/auth would answer:
 * an Error (or a rejected promise) refuses the subscription.
 */
export function connectTestClient(
  relay: Pick<PusherRelay, "host" | "port">,
  key: string,
  authorize: (socketId: string, channelName: string) => Authorization | Error | Promise<Authorization | Error>,
): PusherClient {
  return new PusherClient(key, {
    cluster: "local",
    wsHost: relay.host,
    wsPort: relay.port,
    forceTLS: false,
    enabledTransports: ["ws"],
    disableStats: true,
    channelAuthorization: {
      endpoint: "unused",
      transport: "ajax",
      customHandler: ({ socketId, channelName }, callback) => {
        void Promise.resolve()
          .then(() => authorize(socketId, channelName))
          .then(
            (result) => (result instanceof Error ? callback(result, null) : callback(null, result)),
            (error: unknown) => callback(error instanceof Error ? error : new Error(String(error)), null),
          );
      },
    },
  });
}
