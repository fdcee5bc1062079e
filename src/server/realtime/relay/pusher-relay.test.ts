import { connectTestClient } from "~/test/pusher-test-client";
import Pusher from "pusher";
import type PusherClient from "pusher-js";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import WebSocket from "ws";
import { hmacSha256Hex, md5Hex } from "./relay-signatures";
import { PusherErrorCode, startPusherRelay, type PusherRelay } from "./pusher-relay";

/**
 * The relay held to the official SDKs: `pusher` (server, HTTP API) triggers and `pusher-js`
 * (its Node build, the same code as the browser's) subscribes. Raw WebSocket and HTTP calls
 * check the parts the SDKs never get wrong on purpose (bad signatures, bad keys).
 */
const app = { id: "relay-test", key: "relay-test-key", secret: "relay-test-secret" };
let relay: PusherRelay;
const clients: PusherClient[] = [];

beforeAll(async () => {
  relay = await startPusherRelay({ apps: [app], port: 0 });
});
afterAll(() => relay.close());
afterEach(() => {
  for (const client of clients.splice(0)) client.disconnect();
});

function server(overrides: Partial<{ secret: string; key: string }> = {}) {
  return new Pusher({
    appId: app.id,
    key: overrides.key ?? app.key,
    secret: overrides.secret ?? app.secret,
    host: relay.host,
    port: String(relay.port),
    useTLS: false,
  });
}

/** pusher-js, authorising private channels with the official server SDK's own signature. */
function client(authorize: (socketId: string, channel: string) => { auth: string } | Error = (socketId, channel) =>
  server().authorizeChannel(socketId, channel)) {
  const pusher = connectTestClient(relay, app.key, authorize);
  clients.push(pusher);
  return pusher;
}

function subscribed(pusher: PusherClient, channelName: string) {
  const channel = pusher.subscribe(channelName);
  return new Promise<typeof channel>((resolve, reject) => {
    channel.bind("pusher:subscription_succeeded", () => resolve(channel));
    channel.bind("pusher:subscription_error", (error: unknown) => reject(new Error(`refused: ${JSON.stringify(error)}`)));
  });
}

function nextEvent(channel: ReturnType<PusherClient["subscribe"]>, name: string) {
  return new Promise<unknown>((resolve) => channel.bind(name, (data: unknown) => resolve(data)));
}

/** A raw protocol client: every message the relay sends, in order. */
async function rawSocket(path: string) {
  const socket = new WebSocket(`ws://${relay.host}:${relay.port}${path}`);
  const messages: { event: string; channel?: string; data: unknown }[] = [];
  const waiters: (() => void)[] = [];
  socket.on("message", (raw) => {
    messages.push(JSON.parse(raw.toString()) as { event: string; data: unknown });
    for (const wake of waiters.splice(0)) wake();
  });
  const closed = new Promise<number>((resolve) => socket.on("close", (code) => resolve(code)));
  const waitFor = async (event: string) => {
    for (;;) {
      const found = messages.find((m) => m.event === event);
      if (found) return found;
      await Promise.race([new Promise<void>((resolve) => waiters.push(resolve)), closed.then(() => {
        throw new Error(`closed before ${event}`);
      })]);
    }
  };
  return { socket, messages, closed, waitFor };
}

describe("the official SDKs against the relay", () => {
  it("delivers an event triggered with `pusher` to a `pusher-js` subscriber of a private channel", async () => {
    const channel = await subscribed(client(), "private-thread-1");
    const received = nextEvent(channel, "message-created");
    await server().trigger("private-thread-1", "message-created", { messageId: "m1" });
    expect(await received).toEqual({ messageId: "m1" });
  });

  it("delivers to several channels in one trigger and through batch_events", async () => {
    const pusher = client();
    const [a, b] = await Promise.all([subscribed(pusher, "private-a"), subscribed(pusher, "public-b")]);
    const fromMulti = Promise.all([nextEvent(a, "multi"), nextEvent(b, "multi")]);
    await server().trigger(["private-a", "public-b"], "multi", { n: 1 });
    expect(await fromMulti).toEqual([{ n: 1 }, { n: 1 }]);
    const fromBatch = Promise.all([nextEvent(a, "batched"), nextEvent(b, "batched")]);
    await server().triggerBatch([
      { channel: "private-a", name: "batched", data: { n: 2 } },
      { channel: "public-b", name: "batched", data: { n: 3 } },
    ]);
    expect(await fromBatch).toEqual([{ n: 2 }, { n: 3 }]);
  });

  it("does not deliver to the socket named in socket_id, nor after unsubscribe", async () => {
    const sender = client();
    const other = client();
    const [mine, theirs] = await Promise.all([subscribed(sender, "private-x"), subscribed(other, "private-x")]);
    const seenByMe: unknown[] = [];
    mine.bind("excluded", (data: unknown) => seenByMe.push(data));
    const theirCopy = nextEvent(theirs, "excluded");
    await server().trigger("private-x", "excluded", { n: 1 }, { socket_id: sender.connection.socket_id });
    expect(await theirCopy).toEqual({ n: 1 });
    expect(seenByMe).toEqual([]);

    other.unsubscribe("private-x");
    const seenAfter: unknown[] = [];
    theirs.bind("after", (data: unknown) => seenAfter.push(data));
    await new Promise((resolve) => setTimeout(resolve, 50));
    const mineAfter = nextEvent(mine, "after");
    await server().trigger("private-x", "after", { n: 2 });
    await mineAfter;
    expect(seenAfter).toEqual([]);
  });

  it("refuses a private subscription signed with the wrong secret (pusher:subscription_error)", async () => {
    const forger = client((socketId, channel) => ({ auth: `${app.key}:${hmacSha256Hex("not-the-secret", `${socketId}:${channel}`)}` }));
    await expect(subscribed(forger, "private-thread-1")).rejects.toThrow(/refused.*AuthError/);
  });

  it("refuses a private subscription signed for another socket", async () => {
    const replayer = client((_socketId, channel) => server().authorizeChannel("1.2", channel));
    await expect(subscribed(replayer, "private-thread-1")).rejects.toThrow(/refused/);
  });

  it("rejects HTTP API calls signed with the wrong secret or key (401), and nothing is delivered", async () => {
    const channel = await subscribed(client(), "private-guarded");
    const seen: unknown[] = [];
    channel.bind("forged", (data: unknown) => seen.push(data));
    await expect(server({ secret: "wrong" }).trigger("private-guarded", "forged", {})).rejects.toMatchObject({ status: 401 });
    await expect(server({ key: "wrong" }).trigger("private-guarded", "forged", {})).rejects.toMatchObject({ status: 401 });
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(seen).toEqual([]);
  });
});

describe("channel info (GET /apps/:id/channels/:name) through the official SDK", () => {
  async function channelInfo(name: string, params?: Record<string, string>, pusher = server()) {
    const response = await pusher.get({ path: `/channels/${name}`, ...(params ? { params } : {}) });
    return (await response.json()) as { occupied: boolean; subscription_count?: number };
  }

  it("says whether a channel has a subscriber, and how many connections with subscription_count", async () => {
    expect(await channelInfo("private-user-info")).toEqual({ occupied: false });
    const first = client();
    await subscribed(first, "private-user-info");
    await subscribed(client(), "private-user-info");
    expect(await channelInfo("private-user-info")).toEqual({ occupied: true });
    expect(await channelInfo("private-user-info", { info: "subscription_count" })).toEqual({ occupied: true, subscription_count: 2 });

    first.disconnect();
    for (const pusher of clients.splice(0)) pusher.disconnect();
    // The relay learns of a closed socket asynchronously.
    for (let i = 0; i < 50 && (await channelInfo("private-user-info")).occupied; i++) await new Promise((r) => setTimeout(r, 20));
    expect(await channelInfo("private-user-info", { info: "subscription_count" })).toEqual({ occupied: false, subscription_count: 0 });
  });

  it("refuses a request signed with the wrong secret or key (401), an unknown app (404), unsupported info (400)", async () => {
    await subscribed(client(), "private-user-guarded");
    await expect(channelInfo("private-user-guarded", undefined, server({ secret: "wrong" }))).rejects.toMatchObject({ status: 401 });
    await expect(channelInfo("private-user-guarded", undefined, server({ key: "wrong" }))).rejects.toMatchObject({ status: 401 });
    const otherApp = new Pusher({ appId: "nope", key: app.key, secret: app.secret, host: relay.host, port: String(relay.port), useTLS: false });
    await expect(channelInfo("private-user-guarded", undefined, otherApp)).rejects.toMatchObject({ status: 404 });
    await expect(channelInfo("private-user-guarded", { info: "user_count" })).rejects.toMatchObject({
      status: 400,
      body: expect.stringMatching(/user_count/),
    });
  });

  it("refuses an unsigned or stale request made by hand, and a POST", async () => {
    const path = `/apps/${app.id}/channels/private-user-guarded`;
    const base = `http://${relay.host}:${relay.port}${path}`;
    expect((await fetch(base)).status).toBe(401);
    const stale = { auth_key: app.key, auth_timestamp: String(Math.floor(Date.now() / 1000) - 3600), auth_version: "1.0" };
    const query = Object.entries(stale).map(([k, v]) => `${k}=${v}`).join("&");
    const signature = hmacSha256Hex(app.secret, `GET\n${path}\n${query}`);
    const response = await fetch(`${base}?${query}&auth_signature=${signature}`);
    expect(response.status).toBe(401);
    expect(await response.json()).toMatchObject({ error: expect.stringMatching(/auth_timestamp/) });
    expect((await fetch(base, { method: "POST", body: "{}" })).status).toBe(405);
  });
});

describe("the WebSocket protocol, message by message", () => {
  it("announces socket_id and activity_timeout, answers ping with pong", async () => {
    const raw = await rawSocket(`/app/${app.key}?protocol=7&client=js&version=8.6.0`);
    const established = await raw.waitFor("pusher:connection_established");
    expect(typeof established.data).toBe("string");
    const data = JSON.parse(established.data as string) as { socket_id: string; activity_timeout: number };
    expect(data.socket_id).toMatch(/^\d+\.\d+$/);
    expect(data.activity_timeout).toBe(120);
    raw.socket.send(JSON.stringify({ event: "pusher:ping", data: {} }));
    expect(await raw.waitFor("pusher:pong")).toEqual({ event: "pusher:pong", data: {} });
    raw.socket.close();
  });

  it("answers a subscription without auth on a private channel with 4009 and keeps the connection", async () => {
    const raw = await rawSocket(`/app/${app.key}?protocol=7`);
    await raw.waitFor("pusher:connection_established");
    raw.socket.send(JSON.stringify({ event: "pusher:subscribe", data: { channel: "private-admin-inbox" } }));
    const error = await raw.waitFor("pusher:error");
    expect(error.data).toMatchObject({ code: PusherErrorCode.unauthorized });
    expect(await raw.waitFor("pusher:subscription_error")).toMatchObject({ channel: "private-admin-inbox", data: { status: 401 } });
    raw.socket.send(JSON.stringify({ event: "pusher:subscribe", data: { channel: "public-ok" } }));
    expect(await raw.waitFor("pusher_internal:subscription_succeeded")).toMatchObject({ channel: "public-ok" });
    raw.socket.close();
  });

  it.each([
    [`/app/unknown-key?protocol=7`, PusherErrorCode.appDoesNotExist],
    [`/app/${app.key}`, PusherErrorCode.noProtocolVersion],
    [`/app/${app.key}?protocol=seven`, PusherErrorCode.invalidVersionFormat],
    [`/app/${app.key}?protocol=4`, PusherErrorCode.unsupportedProtocol],
    [`/nowhere`, PusherErrorCode.pathNotFound],
  ])("%s is closed with %i", async (path, code) => {
    const raw = await rawSocket(path);
    expect(await raw.closed).toBe(code);
    expect(raw.messages[0]).toMatchObject({ event: "pusher:error", data: { code } });
  });

  it("pings an idle client and disconnects it with 4201 when no pong comes", async () => {
    const quick = await startPusherRelay({ apps: [app], activityTimeoutSeconds: 0.05, pongTimeoutMs: 50 });
    try {
      const socket = new WebSocket(`ws://${quick.host}:${quick.port}/app/${app.key}?protocol=7`);
      const events: string[] = [];
      socket.on("message", (raw) => events.push((JSON.parse(raw.toString()) as { event: string }).event));
      const code = await new Promise<number>((resolve) => socket.on("close", (c) => resolve(c)));
      expect(events).toEqual(["pusher:connection_established", "pusher:ping"]);
      expect(code).toBe(PusherErrorCode.pongNotReceived);
    } finally {
      await quick.close();
    }
  });
});

describe("the HTTP API's checks", () => {
  const base = () => `http://${relay.host}:${relay.port}`;
  function signedUrl(path: string, body: string, overrides: Record<string, string> = {}) {
    const params: Record<string, string> = {
      auth_key: app.key,
      auth_timestamp: String(Math.floor(Date.now() / 1000)),
      auth_version: "1.0",
      body_md5: md5Hex(body),
      ...overrides,
    };
    const query = Object.keys(params).sort().map((k) => `${k}=${params[k]}`).join("&");
    return `${base()}${path}?${query}&auth_signature=${hmacSha256Hex(app.secret, `POST\n${path}\n${query}`)}`;
  }

  it("accepts a correctly signed request made by hand", async () => {
    const body = JSON.stringify({ name: "e", data: "{}", channels: ["c"] });
    const response = await fetch(signedUrl(`/apps/${app.id}/events`, body), { method: "POST", body });
    expect(response.status).toBe(200);
  });

  it("refuses a body that does not match body_md5", async () => {
    const body = JSON.stringify({ name: "e", data: "{}", channels: ["c"] });
    const url = signedUrl(`/apps/${app.id}/events`, body);
    const response = await fetch(url, { method: "POST", body: body.replace("e", "f") });
    expect(response.status).toBe(401);
    expect(await response.json()).toMatchObject({ error: expect.stringMatching(/body_md5/) });
  });

  it("refuses a stale auth_timestamp", async () => {
    const body = JSON.stringify({ name: "e", data: "{}", channels: ["c"] });
    const stale = String(Math.floor(Date.now() / 1000) - 3600);
    const response = await fetch(signedUrl(`/apps/${app.id}/events`, body, { auth_timestamp: stale }), { method: "POST", body });
    expect(response.status).toBe(401);
  });

  it("answers 400 with a reason for a malformed body, 413 for oversized data, 404 for an unknown app", async () => {
    const bad = JSON.stringify({ data: "{}", channels: ["c"] });
    expect((await fetch(signedUrl(`/apps/${app.id}/events`, bad), { method: "POST", body: bad })).status).toBe(400);
    const big = JSON.stringify({ name: "e", data: "x".repeat(11 * 1024), channels: ["c"] });
    expect((await fetch(signedUrl(`/apps/${app.id}/events`, big), { method: "POST", body: big })).status).toBe(413);
    const ok = JSON.stringify({ name: "e", data: "{}", channels: ["c"] });
    expect((await fetch(signedUrl(`/apps/nope/events`, ok), { method: "POST", body: ok })).status).toBe(404);
  });
});
