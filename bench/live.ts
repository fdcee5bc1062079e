/**
 * `live`: an open customer page, as pusher-js (its Node build, the browser's code) subscribed to
 * the thread's private channel through the app's `POST /api/pusher/auth` with the customer's
 * session cookie, over the local relay; an admin sends through the REST API, one at a time, and
 * each sample is send start → `message-created` received on the customer's socket.
 */
import Pusher from "pusher-js";
import type postgres from "postgres";
import { summarize, type Summary } from "./stats";

export const BENCH_PUSHER_APP = { id: "orderline-bench", key: "orderline-bench-key", secret: "orderline-bench-relay-secret" } as const;

/** The environment that points the app (and the relay itself) at the bench's local relay on `port`. */
export function benchRelayEnv(port: number): Record<string, string> {
  return {
    PUSHER_APP_ID: BENCH_PUSHER_APP.id,
    PUSHER_KEY: BENCH_PUSHER_APP.key,
    PUSHER_SECRET: BENCH_PUSHER_APP.secret,
    PUSHER_HOST: "127.0.0.1",
    PUSHER_PORT: String(port),
    PUSHER_USE_TLS: "false",
  };
}

export interface LiveResult extends Summary {
  sends: number;
  /** Sends whose event never arrived within 5 s. */
  missed: number;
  sendStatuses: Record<string, number>;
  /** The send's own HTTP time, for comparison: live delivery minus this is the broadcast's share. */
  sendHttp: Summary;
}

export async function measureLive(options: {
  origin: string;
  sql: postgres.Sql;
  relay: { host: string; port: number };
  customerCookie: string;
  adminToken: string;
  orderNumber: string;
  samples: number;
  /** Pause between sends: the admin stays inside 30 sends per 10 s. */
  gapMs: number;
}): Promise<LiveResult> {
  const [thread] = await options.sql<{ id: string }[]>`
    SELECT threads.id FROM threads JOIN orders ON orders.id = threads.order_id WHERE orders.order_number = ${options.orderNumber}`;
  if (!thread) throw new Error(`live: order ${options.orderNumber} has no thread`);

  const client = new Pusher(BENCH_PUSHER_APP.key, {
    cluster: "local",
    wsHost: options.relay.host,
    wsPort: options.relay.port,
    forceTLS: false,
    enabledTransports: ["ws"],
    disableStats: true,
    channelAuthorization: {
      endpoint: `${options.origin}/api/pusher/auth`,
      transport: "ajax",
      // What the browser's pusher-js posts, with the session cookie a browser would attach.
      customHandler: ({ socketId, channelName }, callback) => {
        fetch(`${options.origin}/api/pusher/auth`, {
          method: "POST",
          headers: { "content-type": "application/x-www-form-urlencoded", cookie: options.customerCookie, origin: options.origin },
          body: new URLSearchParams({ socket_id: socketId, channel_name: channelName }),
        })
          .then(async (res) => {
            if (!res.ok) throw new Error(`/api/pusher/auth answered ${res.status}: ${await res.text()}`);
            callback(null, (await res.json()) as { auth: string });
          })
          .catch((error: Error) => callback(error, null));
      },
    },
  });
  try {
    const channel = client.subscribe(`private-thread-${thread.id}`);
    await new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error("live: subscription not confirmed within 15 s")), 15_000);
      channel.bind("pusher:subscription_succeeded", () => (clearTimeout(timer), resolve()));
      channel.bind("pusher:subscription_error", (e: unknown) => (clearTimeout(timer), reject(new Error(`live: subscription refused: ${JSON.stringify(e)}`))));
    });

    // Arrival time of every message-created event on the customer's socket, by message id: an
    // event may arrive before the send's own HTTP response.
    const arrivals = new Map<string, number>();
    let notify: (() => void) | null = null;
    channel.bind("message-created", (payload: { messageId?: string }) => {
      if (payload.messageId) arrivals.set(payload.messageId, performance.now());
      notify?.();
    });

    const times: number[] = [];
    const httpTimes: number[] = [];
    const sendStatuses: Record<string, number> = {};
    let missed = 0;
    for (let i = 0; i < options.samples; i++) {
      const started = performance.now();
      const res = await fetch(`${options.origin}/api/orders/${options.orderNumber}/messages`, {
        method: "POST",
        headers: { authorization: `Bearer ${options.adminToken}`, "content-type": "application/json" },
        body: JSON.stringify({ content: `bench live ${i}` }),
      });
      const body = (await res.json()) as { id?: string };
      httpTimes.push(performance.now() - started);
      sendStatuses[res.status] = (sendStatuses[res.status] ?? 0) + 1;
      const id = body.id;
      if (!res.ok || !id) {
        missed++;
        continue;
      }
      const arrivedAt = await new Promise<number | null>((resolve) => {
        const timer = setTimeout(() => {
          notify = null;
          resolve(null);
        }, 5_000);
        const check = () => {
          const at = arrivals.get(id);
          if (at === undefined) return;
          clearTimeout(timer);
          notify = null;
          resolve(at);
        };
        notify = check;
        check();
      });
      if (arrivedAt === null) missed++;
      else times.push(arrivedAt - started);
      await new Promise((r) => setTimeout(r, options.gapMs));
    }
    return { ...summarize(times), sends: options.samples, missed, sendStatuses, sendHttp: summarize(httpTimes) };
  } finally {
    client.disconnect();
  }
}
