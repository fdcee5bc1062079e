import { randomBytes } from "node:crypto";
import { eq, inArray } from "drizzle-orm";
import Pusher from "pusher";
import type PusherClient from "pusher-js";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { connectPostgres } from "~/server/db/client";
import { deliveries, messages, notifications, threads, users } from "~/server/db/schema";
import { channelNames } from "~/server/realtime/channel-names";
import { onlineUsersVia } from "~/server/realtime/online-users";
import { pusherFor } from "~/server/realtime/pusher-sdk";
import type { RealtimeConfig } from "~/server/realtime/realtime-config";
import { startPusherRelay, type PusherRelay } from "~/server/realtime/relay/pusher-relay";
import { createOrderWithCustomer } from "~/test/messaging-fixtures";
import { connectTestClient } from "~/test/pusher-test-client";
import { createTestDatabase, type TestDatabase } from "~/test/test-database";
import type { DigestOptions } from "./delivery-config";
import { queueDueDigests } from "./queue-digests";
import { runDeliveryBatch, startDeliveryWorker } from "./run-delivery-worker";
import { closeEmailTransports } from "./send-email";
import { deliveryRow, startSmtpServer, testConfig, testWorkerOptions } from "./test-support";

/**
 * Digests end to end with real parts: notifications in PostgreSQL, "online" asked of our relay
 * with the official `pusher` SDK while a `pusher-js` client holds the user's channel, the outbox
 * worker sending over a real SMTP server (smtp-server), every mail read back with mailparser.
 */
const app = { id: "digest-test", key: "digest-test-key", secret: "digest-test-secret" };
let t: TestDatabase;
let smtp: Awaited<ReturnType<typeof startSmtpServer>>;
let relay: PusherRelay;
let realtime: RealtimeConfig;
const clients: PusherClient[] = [];

const MINUTE = 60_000;
const digestOptions: DigestOptions = { delayMs: 5 * MINUTE, intervalMs: 30 * MINUTE, maxAgeMs: 24 * 60 * MINUTE, everyMs: 0, batchSize: 100 };

beforeAll(async () => {
  smtp = await startSmtpServer();
  relay = await startPusherRelay({ apps: [app] });
  realtime = { appId: app.id, key: app.key, secret: app.secret, cluster: "local", host: relay.host, port: relay.port, useTLS: false };
});
afterEach(() => {
  for (const client of clients.splice(0)) client.disconnect();
});
afterAll(async () => {
  closeEmailTransports();
  await smtp.close();
  await relay.close();
});

const config = () => testConfig({ smtpUrl: smtp.url, realtime });
const onlineUsers = () => onlineUsersVia(pusherFor(realtime));
const mailTo = (address: string) => smtp.received.filter((mail) => mail.envelopeTo.includes(address));
const minutesAgo = (minutes: number) => new Date(Date.now() - minutes * MINUTE);

/** The digest step, then the outbox until it is empty: what one worker's rounds do. */
async function runDigestRound(db = t.db) {
  const report = await queueDueDigests(db, onlineUsers(), digestOptions);
  while ((await runDeliveryBatch(db, config(), testWorkerOptions)).claimed > 0);
  return report;
}

async function createUser(role: "admin" | "reseller", overrides: Partial<typeof users.$inferInsert> = {}) {
  const tag = randomBytes(4).toString("hex");
  const [user] = await t.db
    .insert(users)
    .values({ email: `${role}-${tag}@test.example`, name: `${role} ${tag}`, role, storeId: role === "reseller" ? "north" : null, ...overrides })
    .returning();
  return user!;
}

/** An order with a thread that has a public message, as the send core leaves it. */
async function createThread() {
  const order = await createOrderWithCustomer(t);
  const [thread] = await t.db
    .insert(threads)
    .values({ storeId: order.storeId, orderId: order.orderId, lastPublicMessageAt: new Date() })
    .returning();
  return { ...order, threadId: thread!.id };
}

/** A message in the thread and the notification notify-on-message would write for `userId`. */
async function notify(
  thread: Awaited<ReturnType<typeof createThread>>,
  userId: string,
  message: { content: string; senderName?: string; senderRole?: "customer" | "admin"; isInternal?: boolean; at?: Date },
) {
  const at = message.at ?? minutesAgo(10);
  const [row] = await t.db
    .insert(messages)
    .values({
      storeId: thread.storeId,
      threadId: thread.threadId,
      senderRole: message.senderRole ?? "customer",
      senderName: message.senderName ?? thread.customer.name,
      content: message.content,
      isInternal: message.isInternal ?? false,
      createdAt: at,
    })
    .returning();
  const [notification] = await t.db
    .insert(notifications)
    .values({
      userId,
      storeId: thread.storeId,
      threadId: thread.threadId,
      messageId: row!.id,
      kind: message.isInternal ? "internal_note" : "message",
      title: `${row!.senderName} wrote on ${thread.orderNumber}`,
      createdAt: at,
    })
    .returning();
  return notification!;
}

async function digestsOf(userId: string) {
  return t.db.select().from(deliveries).where(eq(deliveries.userId, userId));
}

/** pusher-js holding the user's own channel, authorised the way /api/pusher/auth would. */
async function goOnline(userId: string) {
  const server = new Pusher({ appId: app.id, key: app.key, secret: app.secret, host: relay.host, port: String(relay.port), useTLS: false });
  const client = connectTestClient(relay, app.key, (socketId, channel) => server.authorizeChannel(socketId, channel));
  clients.push(client);
  const channel = client.subscribe(channelNames.user(userId));
  await new Promise<void>((resolve, reject) => {
    channel.bind("pusher:subscription_succeeded", () => resolve());
    channel.bind("pusher:subscription_error", (error: unknown) => reject(new Error(JSON.stringify(error))));
  });
  return client;
}

// On the server and on the embedded default (where `npm run dev` runs the worker in process).
describe.each([{ driver: "postgres" as const }, { driver: "pglite" as const }])("notification digests on $driver", ({ driver }) => {
  beforeAll(async () => {
    t = await createTestDatabase(driver === "pglite" ? { driver } : {});
  });
  afterAll(() => t.close());

  it("sends a burst of 20 messages as ONE email listing them all, grouped by order, linking the reader's own pages", async () => {
    const admin = await createUser("admin");
    const first = await createThread();
    const second = await createThread();
    for (let i = 1; i <= 15; i++) await notify(first, admin.id, { content: `Parcel question ${i}\n  on two lines`, at: minutesAgo(30 - i) });
    for (let i = 1; i <= 5; i++) await notify(second, admin.id, { content: `Refund question ${i}`, at: minutesAgo(14 - i) });

    const report = await runDigestRound();
    expect(report.queued).toBeGreaterThanOrEqual(1);

    const mails = mailTo(admin.email);
    expect(mails).toHaveLength(1);
    const mail = mails[0]!.parsed;
    expect(mail.subject).toBe("20 unread messages on 2 orders");
    const text = mail.text ?? "";
    expect(text).toContain(`Order ${first.orderNumber} (15 new messages)`);
    expect(text).toContain(`Order ${second.orderNumber} (5 new messages)`);
    for (let i = 1; i <= 15; i++) expect(text).toContain(`- ${first.customer.name}: Parcel question ${i} on two lines\n`);
    for (let i = 1; i <= 5; i++) expect(text).toContain(`Refund question ${i}`);
    expect(text.indexOf("Parcel question 1 ")).toBeLessThan(text.indexOf("Parcel question 15"));
    expect(text).toContain(`https://app.shop.example/admin/inbox/${first.threadId}`);
    expect(text).toContain(`https://app.shop.example/admin/inbox/${second.threadId}`);

    const [digest] = await digestsOf(admin.id);
    expect(digest).toMatchObject({ kind: "digest", status: "sent", channel: "email", recipient: admin.email, attempts: 1, messageId: null });
    expect(mail.messageId).toBe(`<delivery.${digest!.id}@reply.shop.example>`);
    const marked = await t.db.select().from(notifications).where(eq(notifications.userId, admin.id));
    expect(marked.map((n) => n.digestDeliveryId)).toEqual(Array(20).fill(digest!.id));

    // Nothing new: the next rounds send nothing more.
    await runDigestRound();
    expect(mailTo(admin.email)).toHaveLength(1);
  });

  it("links a customer to their order's page and a reseller to the partner thread page", async () => {
    const thread = await createThread();
    await notify(thread, thread.customer.id, { content: "Your parcel left today.", senderName: "Ada from Support", senderRole: "admin" });
    const reseller = await createUser("reseller");
    await notify(thread, reseller.id, { content: "Where is it?" });
    await runDigestRound();

    const [toCustomer] = mailTo(thread.customer.email);
    expect(toCustomer!.parsed.subject).toBe(`1 unread message on order ${thread.orderNumber}`);
    expect(toCustomer!.parsed.text).toContain("- Ada from Support: Your parcel left today.");
    expect(toCustomer!.parsed.text).toContain(`https://app.shop.example/orders/${thread.orderNumber}/messages`);
    const [toReseller] = mailTo(reseller.email);
    expect(toReseller!.parsed.text).toContain(`https://app.shop.example/partner/threads/${thread.threadId}`);
  });

  it("sends nothing to a user who is online (their channel is occupied), and the digest once they leave", async () => {
    const admin = await createUser("admin");
    const thread = await createThread();
    await notify(thread, admin.id, { content: "Seen live" });
    const client = await goOnline(admin.id);

    const whileOnline = await runDigestRound();
    expect(whileOnline.online).toBeGreaterThanOrEqual(1);
    expect(await digestsOf(admin.id)).toEqual([]);
    expect(mailTo(admin.email)).toHaveLength(0);

    client.disconnect();
    for (let i = 0; i < 50 && (await onlineUsers()([admin.id])).size > 0; i++) await new Promise((r) => setTimeout(r, 20));
    await runDigestRound();
    expect(mailTo(admin.email)).toHaveLength(1);
  });

  it("waits the delay: notifications younger than it are not emailed yet", async () => {
    const admin = await createUser("admin");
    await notify(await createThread(), admin.id, { content: "Just now", at: new Date() });
    await runDigestRound();
    expect(await digestsOf(admin.id)).toEqual([]);
  });

  it("leaves out notifications read before it goes out, and sends nothing when all were read", async () => {
    const admin = await createUser("admin");
    const thread = await createThread();
    const readEarly = await notify(thread, admin.id, { content: "Read before queueing" });
    const readLate = await notify(thread, admin.id, { content: "Read after queueing" });
    await notify(thread, admin.id, { content: "Still unread" });
    await t.db.update(notifications).set({ readAt: new Date() }).where(eq(notifications.id, readEarly.id));
    await queueDueDigests(t.db, onlineUsers(), digestOptions);
    await t.db.update(notifications).set({ readAt: new Date() }).where(eq(notifications.id, readLate.id));
    while ((await runDeliveryBatch(t.db, config(), testWorkerOptions)).claimed > 0);

    const [mail] = mailTo(admin.email);
    expect(mail!.parsed.subject).toBe(`1 unread message on order ${thread.orderNumber}`);
    expect(mail!.parsed.text).toContain("Still unread");
    expect(mail!.parsed.text).not.toContain("Read before queueing");
    expect(mail!.parsed.text).not.toContain("Read after queueing");

    const allRead = await createUser("admin");
    const only = await notify(thread, allRead.id, { content: "Read in time" });
    await queueDueDigests(t.db, onlineUsers(), digestOptions);
    await t.db.update(notifications).set({ readAt: new Date() }).where(eq(notifications.id, only.id));
    while ((await runDeliveryBatch(t.db, config(), testWorkerOptions)).claimed > 0);
    const [cancelled] = await digestsOf(allRead.id);
    expect(cancelled).toMatchObject({ status: "cancelled", lastError: expect.stringMatching(/read before it went out/) });
    expect(mailTo(allRead.email)).toHaveLength(0);
  });

  it("throttles: at most one digest per user per interval, then the next one lists only what is new", async () => {
    const admin = await createUser("admin");
    const thread = await createThread();
    await notify(thread, admin.id, { content: "First burst" });
    await runDigestRound();
    await notify(thread, admin.id, { content: "Second burst" });
    await runDigestRound();
    expect(mailTo(admin.email)).toHaveLength(1);

    // The interval has passed.
    await t.db.update(users).set({ lastDigestAt: new Date(Date.now() - digestOptions.intervalMs - MINUTE) }).where(eq(users.id, admin.id));
    await runDigestRound();
    const mails = mailTo(admin.email);
    expect(mails).toHaveLength(2);
    expect(mails[1]!.parsed.text).toContain("Second burst");
    expect(mails[1]!.parsed.text).not.toContain("First burst");
  });

  // PGlite is one connection in one process: there is no second worker to race.
  it.skipIf(driver === "pglite")("two workers at once (own connections) send one digest per user, each listing all of that user's notifications", async () => {
    const admins = await Promise.all([1, 2, 3, 4, 5].map(() => createUser("admin")));
    const thread = await createThread();
    for (const admin of admins) for (let i = 1; i <= 4; i++) await notify(thread, admin.id, { content: `Burst ${i}` });
    const other = connectPostgres(t.url!, { max: 4 });
    try {
      for (let round = 0; round < 3; round++) await Promise.all([runDigestRound(t.db), runDigestRound(other.db)]);
    } finally {
      await other.close();
    }
    for (const admin of admins) {
      const mails = mailTo(admin.email);
      expect(mails, admin.email).toHaveLength(1);
      for (let i = 1; i <= 4; i++) expect(mails[0]!.parsed.text).toContain(`Burst ${i}`);
      expect(await digestsOf(admin.id)).toHaveLength(1);
    }
  });

  it("never shows an internal note to a non-admin, even if a notification about one existed", async () => {
    const thread = await createThread();
    const reseller = await createUser("reseller");
    await notify(thread, reseller.id, { content: "Internal: customer is difficult", senderName: "Ada", senderRole: "admin", isInternal: true });
    await notify(thread, reseller.id, { content: "Public question" });
    const admin = await createUser("admin");
    await notify(thread, admin.id, { content: "Internal: customer is difficult", senderName: "Ada", senderRole: "admin", isInternal: true });
    await runDigestRound();

    const [toReseller] = mailTo(reseller.email);
    expect(toReseller!.parsed.text).toContain("Public question");
    expect(toReseller!.parsed.text).not.toContain("Internal");
    expect(toReseller!.parsed.subject).toBe(`1 unread message on order ${thread.orderNumber}`);
    const [toAdmin] = mailTo(admin.email);
    expect(toAdmin!.parsed.text).toContain("- Internal note from Ada: Internal: customer is difficult");

    // A customer's row that only names a note: no mail at all.
    const onlyNote = await createThread();
    await notify(onlyNote, onlyNote.customer.id, { content: "Internal only", senderName: "Ada", senderRole: "admin", isInternal: true });
    await runDigestRound();
    expect(mailTo(onlyNote.customer.email)).toHaveLength(0);
    const [cancelled] = await digestsOf(onlyNote.customer.id);
    expect(cancelled?.status).toBe("cancelled");
  });

  it("sends none to a disabled user or one without an email address", async () => {
    const disabled = await createUser("admin", { disabledAt: new Date() });
    const noAddress = await createUser("admin", { email: `no-address-${randomBytes(4).toString("hex")}` });
    const thread = await createThread();
    await notify(thread, disabled.id, { content: "For nobody" });
    await notify(thread, noAddress.id, { content: "For nobody" });
    await runDigestRound();
    expect(await digestsOf(disabled.id)).toEqual([]);
    expect(await digestsOf(noAddress.id)).toEqual([]);
  });

  it("runs inside the worker's loop (npm run worker and the in-process worker), asking the configured relay who is online", async () => {
    const admin = await createUser("admin");
    await notify(await createThread(), admin.id, { content: "Through the loop" });
    const worker = startDeliveryWorker(() => Promise.resolve(t.db), config(), { ...testWorkerOptions, inboundSweepMs: 0, digest: digestOptions });
    try {
      for (let i = 0; i < 100 && mailTo(admin.email).length === 0; i++) await new Promise((r) => setTimeout(r, 50));
    } finally {
      await worker.stop();
    }
    expect(mailTo(admin.email)).toHaveLength(1);
    const [digest] = await digestsOf(admin.id);
    expect((await deliveryRow(t, digest!.id)).status).toBe("sent");
    const stillWaiting = await t.db.select().from(notifications).where(inArray(notifications.userId, [admin.id]));
    expect(stillWaiting.every((n) => n.digestDeliveryId === digest!.id)).toBe(true);
  });
});
