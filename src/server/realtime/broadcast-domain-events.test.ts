import { connectTestClient } from "~/test/pusher-test-client";
import { eq } from "drizzle-orm";
import Pusher from "pusher";
import type PusherClient from "pusher-js";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { orders, threads } from "~/server/db/schema";
import { callerFor, createOrderWithCustomer, settleListeners } from "~/test/messaging-fixtures";
import { createTestDatabase, type TestDatabase } from "~/test/test-database";
import { broadcastStats, startRealtimeBroadcasts } from "./broadcast-domain-events";
import { channelNames } from "./channel-names";
import { startPusherRelay, type PusherRelay } from "./relay/pusher-relay";

/**
 * Real sends through the app router, the listener triggering with the official SDK, the relay,
 * and pusher-js subscribed to every channel an order has: what arrives where.
 */
const app = { id: "broadcast-test", key: "broadcast-test-key", secret: "broadcast-test-secret" };
let t: TestDatabase;
let relay: PusherRelay;
let pusher: Pusher;
let stop: () => void;
let client: PusherClient;
let received: { channel: string; event: string; data: unknown }[] = [];

beforeAll(async () => {
  t = await createTestDatabase();
  relay = await startPusherRelay({ apps: [app] });
  pusher = new Pusher({ appId: app.id, key: app.key, secret: app.secret, host: relay.host, port: String(relay.port), useTLS: false });
  stop = startRealtimeBroadcasts({ db: async () => t.db, pusher });
  client = connectTestClient(relay, app.key, (socketId, channelName) => pusher.authorizeChannel(socketId, channelName));
});
afterAll(async () => {
  stop();
  client.disconnect();
  await relay.close();
  await t.close();
});
beforeEach(() => {
  received = [];
});

const listening = new Set<string>();
async function listen(channels: string[]) {
  const fresh = channels.filter((name) => !listening.has(name));
  for (const name of fresh) listening.add(name);
  await Promise.all(
    fresh.map(
      (name) =>
        new Promise<void>((resolve, reject) => {
          const channel = client.subscribe(name);
          channel.bind_global((event: string, data: unknown) => {
            if (!event.startsWith("pusher:")) received.push({ channel: name, event, data });
          });
          channel.bind("pusher:subscription_succeeded", () => resolve());
          channel.bind("pusher:subscription_error", () => reject(new Error(name)));
        }),
    ),
  );
}

async function until(predicate: () => boolean) {
  for (let i = 0; i < 200 && !predicate(); i++) await new Promise((r) => setTimeout(r, 10));
  expect(predicate()).toBe(true);
}

async function threadIdOf(orderNumber: string) {
  const [row] = await t.db.select({ id: threads.id }).from(threads).innerJoin(orders, eq(orders.id, threads.orderId)).where(eq(orders.orderNumber, orderNumber));
  return row!.id;
}

/** A new order's channels, subscribed before anything happens on it. */
async function orderWithListeners() {
  const order = await createOrderWithCustomer(t); // store north, supplier acme
  await callerFor(t, "admin@demo.test").messages.send({ orderNumber: order.orderNumber, content: "opening note", isInternal: true });
  const threadId = await threadIdOf(order.orderNumber);
  const channels = {
    thread: channelNames.thread(threadId),
    internal: channelNames.threadInternal(threadId),
    inbox: channelNames.adminInbox(),
    store: channelNames.store("north"),
    otherStore: channelNames.store("south"),
    supplier: channelNames.supplier("acme"),
    otherSupplier: channelNames.supplier("globex"),
    customer: channelNames.user(order.customer.id),
  };
  await listen(Object.values(channels));
  await settleListeners();
  received = [];
  return { ...order, threadId, channels };
}

describe("who hears about what", () => {
  it("a customer's message reaches the thread, the inbox, the store, the supplier and the customer — with ids only", async () => {
    const { orderNumber, customer, threadId, channels } = await orderWithListeners();
    const sent = await callerFor(t, customer).messages.send({ orderNumber, content: "where is my parcel?" });
    const expected = [channels.thread, channels.inbox, channels.store, channels.supplier, channels.customer];
    await until(() => received.length >= expected.length);
    await new Promise((r) => setTimeout(r, 50));
    expect(received.map((r) => r.channel).sort()).toEqual([...expected].sort());
    for (const event of received) {
      expect(event).toMatchObject({ event: "message-created", data: { threadId, orderNumber, messageId: sent.id } });
      expect(JSON.stringify(event.data)).not.toContain("parcel");
    }
  });

  it("rings the bell of each user the send notified, on their own channel, after the message's broadcast", async () => {
    const { orderNumber, threadId, channels } = await orderWithListeners();
    const sent = await callerFor(t, "admin@demo.test").messages.send({ orderNumber, content: "shipped today" });
    await until(() => received.some((r) => r.event === "notification"));
    await new Promise((r) => setTimeout(r, 50));
    const onCustomer = received.filter((r) => r.channel === channels.customer).map((r) => r.event);
    expect(onCustomer).toEqual(["message-created", "notification"]);
    expect(received.find((r) => r.event === "notification")).toMatchObject({ data: { threadId, orderNumber, messageId: sent.id } });
    // Partners were not notified of a staff reply: their channels got the message only.
    expect(received.filter((r) => r.event === "notification").map((r) => r.channel)).toEqual([channels.customer]);
  });

  it("a new message is broadcast from what its send returned, without a query of its own", async () => {
    const { orderNumber, customer, channels } = await orderWithListeners();
    stop();
    let queried = 0;
    stop = startRealtimeBroadcasts({ db: async () => (queried++, t.db), pusher });
    await callerFor(t, customer).messages.send({ orderNumber, content: "any news?" });
    await until(() => received.some((r) => r.channel === channels.supplier));
    expect(queried).toBe(0);
  });

  it("a message and the bells it rings leave in one call to Pusher", async () => {
    const { orderNumber, customer, channels } = await orderWithListeners();
    const calls: string[] = [];
    const counting = Object.create(pusher) as Pusher;
    counting.trigger = (channels: string | string[], event: string, data: unknown) => (calls.push("trigger"), pusher.trigger(channels, event, data));
    counting.triggerBatch = (batch) => (calls.push("triggerBatch"), pusher.triggerBatch(batch));
    stop();
    stop = startRealtimeBroadcasts({ db: async () => t.db, pusher: counting });
    // A customer's message rings the admin's, the reseller's and the supplier's bells.
    await callerFor(t, customer).messages.send({ orderNumber, content: "one call please" });
    await until(() => received.some((r) => r.channel === channels.customer));
    await new Promise((r) => setTimeout(r, 50));
    expect(calls).toEqual(["triggerBatch"]);
    stop();
    stop = startRealtimeBroadcasts({ db: async () => t.db, pusher });
  });

  it("an internal note reaches the internal channel and the admin inbox only", async () => {
    const { orderNumber, customer, channels } = await orderWithListeners();
    await callerFor(t, customer).messages.send({ orderNumber, content: "public first" });
    await until(() => received.some((r) => r.channel === channels.customer));
    received = [];
    await callerFor(t, "admin@demo.test").messages.send({ orderNumber, content: "refund fraud suspected", isInternal: true });
    await until(() => received.length >= 2);
    // A later public message proves the wire is quiet, not slow.
    await callerFor(t, "admin@demo.test").messages.send({ orderNumber, content: "on its way" });
    await until(() => received.some((r) => r.channel === channels.customer));
    const forNote = received.slice(0, 2).map((r) => r.channel).sort();
    expect(forNote).toEqual([channels.inbox, channels.internal].sort());
    expect(received.slice(2).every((r) => r.channel !== channels.internal)).toBe(true);
  });

  it("closing a thread that holds internal notes only tells admins alone; once public, everyone on the order", async () => {
    const { orderNumber, customer, channels } = await orderWithListeners();
    const admin = callerFor(t, "admin@demo.test");
    await admin.threads.close({ orderNumber });
    await until(() => received.length >= 2);
    await new Promise((r) => setTimeout(r, 50));
    expect(received.map((r) => `${r.event}@${r.channel}`).sort()).toEqual([`thread-closed@${channels.inbox}`, `thread-closed@${channels.internal}`].sort());
    received = [];
    await callerFor(t, customer).messages.send({ orderNumber, content: "hello?" });
    await admin.threads.close({ orderNumber }).catch(() => undefined);
    await until(() => received.some((r) => r.event === "thread-closed" && r.channel === channels.customer));
    const closed = received.filter((r) => r.event === "thread-closed").map((r) => r.channel);
    expect(closed).toEqual(expect.arrayContaining([channels.thread, channels.store, channels.supplier, channels.customer]));
    expect(received.some((r) => r.channel === channels.otherStore || r.channel === channels.otherSupplier)).toBe(false);
  });

  it("reading many messages sends one messages-read per thread, on the public channels for public messages", async () => {
    const { orderNumber, customer, channels } = await orderWithListeners();
    const admin = callerFor(t, "admin@demo.test");
    let last = "";
    for (const content of ["one", "two", "three"]) last = (await admin.messages.send({ orderNumber, content })).id;
    // Each message and its bell: both on the customer's channel.
    await until(() => received.filter((r) => r.channel === channels.customer).length === 6);
    received = [];
    const { marked } = await callerFor(t, customer).messages.markThreadRead({ orderNumber, upToMessageId: last });
    expect(marked).toBe(3);
    await until(() => received.some((r) => r.channel === channels.thread));
    await new Promise((r) => setTimeout(r, 50));
    expect(received.filter((r) => r.channel === channels.thread)).toHaveLength(1);
    expect(received[0]).toMatchObject({ event: "messages-read", data: { orderNumber } });
  });
});

describe("when the relay is down", () => {
  it("the send succeeds, and the failed broadcast is logged and counted", async () => {
    const down = await startPusherRelay({ apps: [app] });
    await down.close();
    const unreachable = new Pusher({ appId: app.id, key: app.key, secret: app.secret, host: down.host, port: String(down.port), useTLS: false });
    stop();
    const logged: string[] = [];
    const stopDown = startRealtimeBroadcasts({ db: async () => t.db, pusher: unreachable, log: (message) => logged.push(message) });
    try {
      const order = await createOrderWithCustomer(t);
      const failedBefore = broadcastStats.failed;
      const sent = await callerFor(t, order.customer).messages.send({ orderNumber: order.orderNumber, content: "still stored" });
      expect(sent.content).toBe("still stored");
      await until(() => broadcastStats.failed === failedBefore + 1);
      expect(logged[0]).toMatch(/broadcast message-created to 5 channel\(s\) failed/);
    } finally {
      stopDown();
      stop = startRealtimeBroadcasts({ db: async () => t.db, pusher });
    }
  });
});
