import postgres from "postgres";

/** What a follower of a channel is told; see DbHandle.listen. */
export interface ChannelListener {
  onNotify(payload: string): void;
  /** Listening, first or again: whatever was sent while not listening was missed. */
  onListen(): void;
  /** The connection was lost: notifications are being missed until the next `onListen`. */
  onUnlisten(): void;
}

const RETRY_MS = 1_000;

/**
 * LISTEN on a connection of its own that says when it goes down as well as when it is back.
 * postgres-js's `sql.listen` reconnects by itself but never reports the loss, and a cache that
 * trusts its entries because changes are announced must stop trusting them for that long.
 * Returns the function that stops listening.
 */
export function listenPostgres(url: string, channel: string, listener: ChannelListener): () => Promise<void> {
  let listening = false;
  let subscribing = false;
  let ended = false;
  let retry: NodeJS.Timeout | undefined;
  // `onnotify` is the (untyped) option postgres-js's own listen() uses for the same purpose.
  const options = {
    max: 1,
    idle_timeout: 0,
    max_lifetime: null,
    fetch_types: false,
    onnotice: () => {},
    connection: { application_name: "orderline_listen" },
    onnotify: (name: string, payload: string) => {
      if (name === channel) listener.onNotify(payload);
    },
    onclose: () => {
      if (listening) {
        listening = false;
        listener.onUnlisten();
      }
      if (!subscribing && !retry) void subscribe();
    },
  };
  const sql = postgres(url, options as postgres.Options<Record<string, never>>);

  async function subscribe() {
    retry = undefined;
    if (ended || subscribing) return;
    subscribing = true;
    try {
      await sql.unsafe(`LISTEN "${channel.replace(/"/g, '""')}"`);
      subscribing = false;
      listening = true;
      listener.onListen();
    } catch {
      // Down (the server restarting, a network cut): postgres-js reconnects on the next query.
      subscribing = false;
      if (!ended) retry = setTimeout(() => void subscribe(), RETRY_MS).unref();
    }
  }
  void subscribe();

  return async () => {
    ended = true;
    clearTimeout(retry);
    await sql.end({ timeout: 0 });
  };
}
