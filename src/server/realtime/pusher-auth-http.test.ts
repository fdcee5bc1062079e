import { connectTestClient } from "~/test/pusher-test-client";
import { randomUUID } from "node:crypto";
import { eq } from "drizzle-orm";
import Pusher from "pusher";
import type PusherClient from "pusher-js";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { orders, threads } from "~/server/db/schema";
import { callerFor, createOrderWithCustomer } from "~/test/messaging-fixtures";
import { createTestDatabase, type TestDatabase } from "~/test/test-database";
import type { Actor } from "../access";
import { channelNames } from "./channel-names";
import { handlePusherAuth } from "./pusher-auth-http";
import { startPusherRelay, type PusherRelay } from "./relay/pusher-relay";

/**
 * `POST /api/pusher/auth` called the way pusher-js (or an attacker) calls it, for every demo role
 * against every kind of channel. The expected column is DESIGN.md's rule written out by hand.
 */
const app = { id: "auth-test", key: "auth-test-key", secret: "auth-test-secret" };
let t: TestDatabase;
let relay: PusherRelay;
let pusher: Pusher;
const threadOf: Record<string, string> = {};

beforeAll(async () => {
  t = await createTestDatabase();
  relay = await startPusherRelay({ apps: [app] });
  pusher = new Pusher({ appId: app.id, key: app.key, secret: app.secret, host: relay.host, port: String(relay.port), useTLS: false });
  for (const number of ["ORD-1001", "ORD-1002", "ORD-1003"]) {
    const [row] = await t.db
      .select({ id: threads.id })
      .from(threads)
      .innerJoin(orders, eq(orders.id, threads.orderId))
      .where(eq(orders.orderNumber, number));
    if (!row) throw new Error(`no thread for ${number}`);
    threadOf[number] = row.id;
  }
  // A thread that holds only an internal note (store north, supplier acme): admins' alone.
  const order = await createOrderWithCustomer(t);
  await callerFor(t, "admin@demo.test").messages.send({ orderNumber: order.orderNumber, content: "staff only", isInternal: true });
  const [internalOnly] = await t.db
    .select({ id: threads.id })
    .from(threads)
    .innerJoin(orders, eq(orders.id, threads.orderId))
    .where(eq(orders.orderNumber, order.orderNumber));
  threadOf.internalOnly = internalOnly!.id;
});
afterAll(async () => {
  await relay.close();
  await t.close();
});

function request(body: string, contentType = "application/x-www-form-urlencoded") {
  return new Request("http://app.test/api/pusher/auth", { method: "POST", headers: { "Content-Type": contentType }, body });
}
function form(socketId: string, channel: string) {
  return new URLSearchParams({ socket_id: socketId, channel_name: channel }).toString();
}
async function status(actor: Actor | null, channel: string) {
  const response = await handlePusherAuth(request(form("123.456", channel)), { db: t.db, actor, pusher });
  return response.status;
}

const people = ["alice", "bob", "rita", "sam", "sid", "sue", "admin"] as const;
type Person = (typeof people)[number];
const actorOf = (p: Person) => t.actor(`${p}@demo.test`);

const table: { channel: () => string; allowed: Person[]; what: string }[] = [
  { what: "ORD-1001's thread (alice, north, acme)", channel: () => channelNames.thread(threadOf["ORD-1001"]!), allowed: ["alice", "rita", "sid", "admin"] },
  { what: "ORD-1002's thread (bob, north, globex)", channel: () => channelNames.thread(threadOf["ORD-1002"]!), allowed: ["bob", "rita", "sue", "admin"] },
  { what: "ORD-1003's thread (alice, south, acme)", channel: () => channelNames.thread(threadOf["ORD-1003"]!), allowed: ["alice", "sam", "sid", "admin"] },
  { what: "ORD-1001's internal channel", channel: () => channelNames.threadInternal(threadOf["ORD-1001"]!), allowed: ["admin"] },
  { what: "a thread of internal notes only", channel: () => channelNames.thread(threadOf.internalOnly!), allowed: ["admin"] },
  { what: "a thread that does not exist", channel: () => channelNames.thread(randomUUID()), allowed: [] },
  { what: "the admin inbox", channel: () => channelNames.adminInbox(), allowed: ["admin"] },
  { what: "store north", channel: () => channelNames.store("north"), allowed: ["rita", "admin"] },
  { what: "store south", channel: () => channelNames.store("south"), allowed: ["sam", "admin"] },
  { what: "supplier acme", channel: () => channelNames.supplier("acme"), allowed: ["sid", "admin"] },
  { what: "supplier globex", channel: () => channelNames.supplier("globex"), allowed: ["sue", "admin"] },
  { what: "alice's own channel", channel: () => channelNames.user(actorOf("alice").id), allowed: ["alice"] },
  { what: "the admin's own channel", channel: () => channelNames.user(actorOf("admin").id), allowed: ["admin"] },
  { what: "a presence channel", channel: () => "presence-thread-1", allowed: [] },
  { what: "a public channel", channel: () => "orders", allowed: [] },
  { what: "an unknown private channel", channel: () => "private-everything", allowed: [] },
  { what: "a thread name with a suffix", channel: () => `${channelNames.thread(threadOf["ORD-1001"]!)}-extra`, allowed: [] },
];

describe("role × channel", () => {
  it.each(table.flatMap((row) => people.map((person) => ({ ...row, person, expected: row.allowed.includes(person) ? 200 : 403 }))))(
    "$person → $what: $expected",
    async ({ person, channel, expected }) => {
      expect(await status(actorOf(person), channel())).toBe(expected);
    },
  );
});

describe("the request itself", () => {
  it("answers 401 without a session", async () => {
    expect(await status(null, channelNames.adminInbox())).toBe(401);
  });

  it.each([
    ["no socket_id", new URLSearchParams({ channel_name: "private-admin-inbox" }).toString()],
    ["a malformed socket_id", form("abc", "private-admin-inbox")],
    ["no channel_name", new URLSearchParams({ socket_id: "1.2" }).toString()],
  ])("answers 400 with a reason for %s", async (_what, body) => {
    const response = await handlePusherAuth(request(body), { db: t.db, actor: actorOf("admin"), pusher });
    expect(response.status).toBe(400);
    expect(await response.json()).toMatchObject({ error: { code: "BAD_REQUEST", message: expect.any(String) } });
  });

  it("answers 413 to an oversized body", async () => {
    const response = await handlePusherAuth(request(form("1.2", "x".repeat(5000))), { db: t.db, actor: actorOf("admin"), pusher });
    expect(response.status).toBe(413);
  });

  it("answers 503 when realtime is not configured", async () => {
    const response = await handlePusherAuth(request(form("1.2", channelNames.adminInbox())), { db: t.db, actor: actorOf("admin"), pusher: null });
    expect(response.status).toBe(503);
  });

  it("a 403 says why in the contract's error shape", async () => {
    const response = await handlePusherAuth(request(form("1.2", channelNames.adminInbox())), { db: t.db, actor: actorOf("alice"), pusher });
    expect(await response.json()).toEqual({ error: { code: "FORBIDDEN", message: "You may not subscribe to private-admin-inbox" } });
  });
});

describe("pusher-js with this endpoint against the relay", () => {
  function browserAs(person: Person) {
    return connectTestClient(relay, app.key, async (socketId, channelName) => {
      const response = await handlePusherAuth(request(form(socketId, channelName)), { db: t.db, actor: actorOf(person), pusher });
      return response.ok ? ((await response.json()) as { auth: string }) : new Error(`status ${response.status}`);
    });
  }
  const outcome = (client: PusherClient, channel: string) =>
    new Promise<string>((resolve) => {
      const subscription = client.subscribe(channel);
      subscription.bind("pusher:subscription_succeeded", () => resolve("subscribed"));
      subscription.bind("pusher:subscription_error", () => resolve("refused"));
    });

  it("the signature it returns is accepted by the relay, and a refused channel is never joined", async () => {
    const alice = browserAs("alice");
    try {
      expect(await outcome(alice, channelNames.thread(threadOf["ORD-1001"]!))).toBe("subscribed");
      expect(await outcome(alice, channelNames.threadInternal(threadOf["ORD-1001"]!))).toBe("refused");
      expect(await outcome(alice, channelNames.adminInbox())).toBe("refused");
    } finally {
      alice.disconnect();
    }
  });
});
