import { randomInt } from "node:crypto";
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { WebSocketServer, type RawData, type WebSocket } from "ws";
import { z } from "zod";
import { isValidChannelAuth, verifyHttpApiRequest, type RelayApp } from "./relay-signatures";

/**
 * A small Pusher Channels (protocol 7) server for development and tests: Soketi cannot run on
 * these machines (its uWebSockets.js binary needs glibc 2.38). It speaks enough of the protocol
 * for the official SDKs — `pusher` triggering and asking whether a channel is occupied over the
 * HTTP API, `pusher-js` subscribing over a WebSocket — and checks every signature the real
 * service checks. It is not for production: one process, no horizontal scaling, no webhooks, no
 * presence member lists.
 */
export interface PusherRelayOptions {
  apps: RelayApp[];
  host?: string;
  /** 0 picks a free port. */
  port?: number;
  /** Seconds of silence before the relay pings a client (announced in connection_established). */
  activityTimeoutSeconds?: number;
  /** How long a client has to answer the relay's ping before it is disconnected (4201). */
  pongTimeoutMs?: number;
  log?: (line: string) => void;
}

export interface PusherRelay {
  host: string;
  port: number;
  /** Stops accepting, closes every client socket (clients see a dropped connection) and frees the port. */
  close(): Promise<void>;
  /** Sockets currently connected, for tests and the launcher's log. */
  connectionCount(): number;
}

/** Pusher protocol close / error codes used here (pusher.com/docs/channels/library_auth_reference/pusher-websockets-protocol). */
export const PusherErrorCode = {
  appDoesNotExist: 4001,
  pathNotFound: 4005,
  invalidVersionFormat: 4006,
  unsupportedProtocol: 4007,
  noProtocolVersion: 4008,
  unauthorized: 4009,
  pongNotReceived: 4201,
} as const;

const CHANNEL_NAME = /^[A-Za-z0-9_\-=@,.;]{1,200}$/;
const MAX_EVENT_DATA_BYTES = 10 * 1024;
const MAX_CHANNELS_PER_EVENT = 100;
const MAX_BATCH_EVENTS = 10;

const ZClientMessage = z.object({ event: z.string(), data: z.unknown().optional(), channel: z.string().optional() });
const ZSubscribeData = z.object({ channel: z.string(), auth: z.string().optional(), channel_data: z.string().optional() });
const ZTriggeredEvent = z.object({
  name: z.string().min(1).max(200),
  data: z.string(),
  socket_id: z.string().optional(),
});
const ZEventsBody = ZTriggeredEvent.extend({
  channels: z.array(z.string()).min(1).max(MAX_CHANNELS_PER_EVENT).optional(),
  channel: z.string().optional(),
});
const ZBatchBody = z.object({
  batch: z.array(ZTriggeredEvent.extend({ channel: z.string() })).min(1).max(MAX_BATCH_EVENTS),
});

interface Connection {
  socket: WebSocket;
  socketId: string;
  app: RelayApp;
  channels: Set<string>;
  activityTimer?: NodeJS.Timeout;
  pongTimer?: NodeJS.Timeout;
}

export async function startPusherRelay(options: PusherRelayOptions): Promise<PusherRelay> {
  const host = options.host ?? "127.0.0.1";
  const activityTimeoutSeconds = options.activityTimeoutSeconds ?? 120;
  const pongTimeoutMs = options.pongTimeoutMs ?? 30_000;
  const log = options.log ?? (() => undefined);
  const appsByKey = new Map(options.apps.map((app) => [app.key, app]));
  const appsById = new Map(options.apps.map((app) => [app.id, app]));
  /** app id → channel → connections subscribed to it. */
  const subscriptions = new Map<string, Map<string, Set<Connection>>>();
  const connections = new Set<Connection>();

  const send = (connection: Connection, message: { event: string; channel?: string; data: unknown }) => {
    if (connection.socket.readyState === connection.socket.OPEN) connection.socket.send(JSON.stringify(message));
  };
  const sendError = (connection: Connection, code: number | null, message: string) =>
    send(connection, { event: "pusher:error", data: { code, message } });

  const channelsOf = (appId: string) => {
    let channels = subscriptions.get(appId);
    if (!channels) subscriptions.set(appId, (channels = new Map()));
    return channels;
  };

  const unsubscribe = (connection: Connection, channel: string) => {
    connection.channels.delete(channel);
    const members = channelsOf(connection.app.id).get(channel);
    members?.delete(connection);
    if (members?.size === 0) channelsOf(connection.app.id).delete(channel);
  };

  const armActivityTimer = (connection: Connection) => {
    clearTimeout(connection.activityTimer);
    clearTimeout(connection.pongTimer);
    connection.activityTimer = setTimeout(() => {
      send(connection, { event: "pusher:ping", data: {} });
      connection.pongTimer = setTimeout(
        () => connection.socket.close(PusherErrorCode.pongNotReceived, "Pong reply not received"),
        pongTimeoutMs,
      );
    }, activityTimeoutSeconds * 1000);
  };

  const subscribe = (connection: Connection, data: unknown) => {
    const parsed = ZSubscribeData.safeParse(typeof data === "string" ? safeJson(data) : data);
    if (!parsed.success) return sendError(connection, null, "pusher:subscribe needs data {channel, auth?}");
    const { channel, auth, channel_data: channelData } = parsed.data;
    const refuse = (error: string) => {
      // pusher-js reports this to the channel's `pusher:subscription_error` handlers, as with Soketi;
      // the 4009 error tells the connection why.
      send(connection, { event: "pusher:subscription_error", channel, data: { type: "AuthError", error, status: 401 } });
      sendError(connection, PusherErrorCode.unauthorized, error);
    };
    if (!CHANNEL_NAME.test(channel)) return refuse(`Invalid channel name ${JSON.stringify(channel.slice(0, 210))}`);
    const isPresence = channel.startsWith("presence-");
    if (isPresence || channel.startsWith("private-")) {
      if (channel.startsWith("private-encrypted-")) return refuse("Encrypted channels are not supported by the local relay");
      if (!isValidChannelAuth(connection.app, connection.socketId, channel, auth, isPresence ? (channelData ?? "") : undefined)) {
        return refuse(`Invalid signature: expected HMAC SHA256 hex digest of ${connection.socketId}:${channel}`);
      }
    }
    connection.channels.add(channel);
    const channels = channelsOf(connection.app.id);
    let members = channels.get(channel);
    if (!members) channels.set(channel, (members = new Set()));
    members.add(connection);
    send(connection, {
      event: "pusher_internal:subscription_succeeded",
      channel,
      data: isPresence ? JSON.stringify({ presence: { ids: [], hash: {}, count: 0 } }) : "{}",
    });
  };

  const onClientMessage = (connection: Connection, raw: RawData) => {
    armActivityTimer(connection);
    const parsed = ZClientMessage.safeParse(safeJson(raw.toString()));
    if (!parsed.success) return sendError(connection, null, "Messages must be JSON objects with an event");
    const { event, data } = parsed.data;
    switch (event) {
      case "pusher:ping":
        return send(connection, { event: "pusher:pong", data: {} });
      case "pusher:pong":
        return;
      case "pusher:subscribe":
        return subscribe(connection, data);
      case "pusher:unsubscribe": {
        const channel = (typeof data === "string" ? safeJson(data) : data) as { channel?: unknown } | null;
        if (typeof channel?.channel === "string") unsubscribe(connection, channel.channel);
        return;
      }
      default:
        if (event.startsWith("client-")) return sendError(connection, null, "Client events are not enabled on the local relay");
        return sendError(connection, null, `Unknown event ${JSON.stringify(event.slice(0, 100))}`);
    }
  };

  const wss = new WebSocketServer({ noServer: true, maxPayload: 64 * 1024 });

  const onConnection = (socket: WebSocket, request: IncomingMessage) => {
    const url = new URL(request.url ?? "/", "http://relay");
    const match = /^\/app\/([^/]+)$/.exec(url.pathname);
    const closeWith = (code: number, message: string) => {
      socket.send(JSON.stringify({ event: "pusher:error", data: { code, message } }));
      socket.close(code, message);
    };
    if (!match) return closeWith(PusherErrorCode.pathNotFound, "Path not found; connect to /app/<key>");
    const app = appsByKey.get(decodeURIComponent(match[1] ?? ""));
    if (!app) return closeWith(PusherErrorCode.appDoesNotExist, "App key does not exist");
    const protocol = url.searchParams.get("protocol");
    if (!protocol) return closeWith(PusherErrorCode.noProtocolVersion, "No protocol version supplied");
    if (!/^\d+$/.test(protocol)) return closeWith(PusherErrorCode.invalidVersionFormat, "Invalid version string format");
    if (Number(protocol) < 5 || Number(protocol) > 7) {
      return closeWith(PusherErrorCode.unsupportedProtocol, `Unsupported protocol version ${protocol}`);
    }
    const connection: Connection = {
      socket,
      socketId: `${randomInt(1, 2 ** 31)}.${randomInt(1, 2 ** 31)}`,
      app,
      channels: new Set(),
    };
    connections.add(connection);
    socket.on("message", (raw) => onClientMessage(connection, raw));
    socket.on("close", () => {
      clearTimeout(connection.activityTimer);
      clearTimeout(connection.pongTimer);
      for (const channel of [...connection.channels]) unsubscribe(connection, channel);
      connections.delete(connection);
    });
    socket.on("error", () => socket.terminate());
    send(connection, {
      event: "pusher:connection_established",
      // Pusher double-encodes `data` for its own events: a JSON string inside the JSON message.
      data: JSON.stringify({ socket_id: connection.socketId, activity_timeout: activityTimeoutSeconds }),
    });
    armActivityTimer(connection);
  };
  wss.on("connection", onConnection);

  /** Delivers one event to every subscriber of the channel except the excluded socket. */
  const publish = (app: RelayApp, channel: string, name: string, data: string, excludeSocketId?: string) => {
    for (const connection of channelsOf(app.id).get(channel) ?? []) {
      if (connection.socketId !== excludeSocketId) send(connection, { event: name, channel, data });
    }
  };

  /**
   * `GET /apps/:appId/channels/:channelName` → `{ occupied, subscription_count? }`, as Pusher answers
   * it (the digest asks whether a user's own channel has a subscriber). Signed like the other calls;
   * a GET has no body, so no body_md5. `user_count` is for presence channels, whose members the
   * relay does not track: it says so instead of answering with a wrong number.
   */
  const replyChannelInfo = async (
    request: IncomingMessage,
    url: URL,
    appId: string,
    channel: string,
    reply: (status: number, body: unknown) => void,
  ) => {
    if (request.method !== "GET") return reply(405, { error: "Use GET" });
    const app = appsById.get(appId);
    if (!app) return reply(404, { error: `Unknown app id ${appId}` });
    const rawBody = await readBody(request, 1024);
    if (rawBody === null) return reply(413, { error: "Body too large" });
    const auth = verifyHttpApiRequest(app, request.method, url.pathname, url.searchParams, rawBody);
    if (!auth.ok) return reply(auth.status, { error: auth.reason });
    if (!CHANNEL_NAME.test(channel)) return reply(400, { error: `Invalid channel name ${JSON.stringify(channel.slice(0, 210))}` });
    const info = (url.searchParams.get("info") ?? "").split(",").filter(Boolean);
    const unknown = info.filter((attribute) => attribute !== "subscription_count");
    if (unknown.length > 0) {
      return reply(400, { error: `Unsupported info attribute(s) ${unknown.join(", ")}: the local relay answers subscription_count only` });
    }
    const subscribers = channelsOf(app.id).get(channel)?.size ?? 0;
    return reply(200, { occupied: subscribers > 0, ...(info.includes("subscription_count") ? { subscription_count: subscribers } : {}) });
  };

  const handleHttp = async (request: IncomingMessage, response: ServerResponse) => {
    const url = new URL(request.url ?? "/", "http://relay");
    const reply = (status: number, body: unknown) => {
      response.writeHead(status, { "Content-Type": "application/json" });
      response.end(JSON.stringify(body));
    };
    if (request.method === "GET" && url.pathname === "/") return reply(200, { ok: true, relay: "orderline-local-pusher-relay" });
    const channelInfo = /^\/apps\/([^/]+)\/channels\/([^/]+)$/.exec(url.pathname);
    if (channelInfo) return replyChannelInfo(request, url, channelInfo[1] ?? "", decodeURIComponent(channelInfo[2] ?? ""), reply);
    const match = /^\/apps\/([^/]+)\/(events|batch_events)$/.exec(url.pathname);
    if (!match) return reply(404, { error: "Not found" });
    if (request.method !== "POST") return reply(405, { error: "Use POST" });
    const app = appsById.get(match[1] ?? "");
    if (!app) return reply(404, { error: `Unknown app id ${match[1]}` });
    const rawBody = await readBody(request, 256 * 1024);
    if (rawBody === null) return reply(413, { error: "Body too large" });
    const auth = verifyHttpApiRequest(app, request.method, url.pathname, url.searchParams, rawBody);
    if (!auth.ok) return reply(auth.status, { error: auth.reason });
    const json = safeJson(rawBody);
    const events =
      match[2] === "events"
        ? (() => {
            const body = ZEventsBody.safeParse(json);
            if (!body.success) return body.error;
            const channels = body.data.channels ?? (body.data.channel ? [body.data.channel] : []);
            return channels.map((channel) => ({ ...body.data, channel }));
          })()
        : (() => {
            const body = ZBatchBody.safeParse(json);
            return body.success ? body.data.batch : body.error;
          })();
    if (events instanceof z.ZodError) return reply(400, { error: "Invalid body", issues: events.issues });
    if (events.length === 0) return reply(400, { error: "Give channels or channel" });
    for (const event of events) {
      if (!CHANNEL_NAME.test(event.channel)) return reply(400, { error: `Invalid channel name ${JSON.stringify(event.channel)}` });
      if (Buffer.byteLength(event.data) > MAX_EVENT_DATA_BYTES) {
        return reply(413, { error: `Event data is larger than ${MAX_EVENT_DATA_BYTES} bytes` });
      }
    }
    for (const event of events) publish(app, event.channel, event.name, event.data, event.socket_id);
    log(`${events.length} event(s): ${events.map((e) => `${e.name}@${e.channel}`).join(", ")}`);
    return reply(200, {});
  };

  const server: Server = createServer((request, response) => {
    handleHttp(request, response).catch((error: unknown) => {
      log(`HTTP API failed: ${String(error)}`);
      if (!response.headersSent) response.writeHead(500).end();
    });
  });
  server.on("upgrade", (request, socket, head) => {
    wss.handleUpgrade(request, socket, head, (ws) => wss.emit("connection", ws, request));
  });

  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(options.port ?? 0, host, () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  log(`Pusher-protocol relay on ws://${host}:${port} (apps: ${options.apps.map((a) => a.id).join(", ")})`);

  return {
    host,
    port,
    connectionCount: () => connections.size,
    close: async () => {
      for (const connection of connections) connection.socket.terminate();
      await new Promise<void>((resolve) => {
        wss.close();
        server.close(() => resolve());
        server.closeAllConnections();
      });
    },
  };
}

function safeJson(text: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return null;
  }
}

function readBody(request: IncomingMessage, maxBytes: number): Promise<string | null> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    request.on("data", (chunk: Buffer) => {
      size += chunk.length;
      if (size > maxBytes) {
        resolve(null);
        request.destroy();
        return;
      }
      chunks.push(chunk);
    });
    request.on("end", () => resolve(Buffer.concat(chunks).toString("utf8")));
    request.on("error", reject);
  });
}
