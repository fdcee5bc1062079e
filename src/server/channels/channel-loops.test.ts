import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { noRequestMeta } from "~/server/audit/write-audit";
import type { Database } from "~/server/db/client";
import { deliveries, orders } from "~/server/db/schema";
import { runDeliveryBatch } from "~/server/delivery/run-delivery-worker";
import { closeEmailTransports } from "~/server/delivery/send-email";
import { startFakeProvider, startSmtpServer, testConfig, testWorkerOptions, type ReceivedMail } from "~/server/delivery/test-support";
import { sendMessage } from "~/server/messaging/send-message";
import { createOrderWithCustomer } from "~/test/messaging-fixtures";
import { createTestDatabase, type TestDatabase } from "~/test/test-database";
import { eventsOf, messagesOfOrder } from "./test-queries";
import { basicAuth, metaRequest, TEST_APP_URL, TEST_REPLY_DOMAIN } from "./test-requests";
import { metaJson, waChange, waMessage, waStatus, waWebhook } from "./whatsapp/test-payloads";

/**
 * The whole email loop with real parts: an admin's reply through the send core → the outbox worker
 * → a real SMTP server → the customer's client answers it (raw MIME, as a mail client writes it) →
 * POST /api/webhooks/email through the app's own route handler → the same thread → the next staff
 * reply goes out by email again, threaded under both mails. And the WhatsApp loop: a signed Meta
 * webhook → the thread → the staff reply sent to a fake Cloud API that checks what it receives →
 * Meta's "delivered" status through the same route.
 */

// The route reads its secrets from env when its module loads: set them before any import runs.
vi.hoisted(() => {
  process.env.INBOUND_EMAIL_USER = "inbound";
  process.env.INBOUND_EMAIL_PASSWORD = "loop-test-password";
  process.env.REPLY_DOMAIN = "reply.shop.example";
  process.env.MAIL_FROM = "Orderline <no-reply@shop.example>";
  process.env.WHATSAPP_APP_SECRET = "meta-app-secret-for-loops";
});
const META_SECRET = "meta-app-secret-for-loops";
const PHONE_NUMBER_ID = "106540352242922";
const ACCESS_TOKEN = "EAAG-loop-access-token";

let t: TestDatabase;
let smtp: Awaited<ReturnType<typeof startSmtpServer>>;
let postEmail: (request: Request) => Promise<Response>;
let postWhatsApp: (request: Request) => Promise<Response>;
let meta: Awaited<ReturnType<typeof startFakeProvider>>;
let wamidSeq = 0;

beforeAll(async () => {
  t = await createTestDatabase();
  smtp = await startSmtpServer();
  // The route handler asks getDb() for the app's database: here it is this file's test database.
  (globalThis as unknown as { orderlineDb?: Promise<Database> }).orderlineDb = Promise.resolve(t.db);
  ({ POST: postEmail } = await import("~/app/api/webhooks/email/route"));
  ({ POST: postWhatsApp } = await import("~/app/api/webhooks/whatsapp/route"));
  // The Cloud API as Graph checks a send: the token, the phone-number id, the documented body.
  meta = await startFakeProvider((request) => {
    const body = JSON.parse(request.body) as { messaging_product?: string; to?: string; type?: string; text?: { body?: string } };
    if (request.headers.authorization !== `Bearer ${ACCESS_TOKEN}`) return { status: 401, body: { error: { message: "Invalid OAuth access token.", code: 190 } } };
    if (!request.path.endsWith(`/${PHONE_NUMBER_ID}/messages`) || body.messaging_product !== "whatsapp" || body.type !== "text" || !body.text?.body || !/^\d{8,15}$/.test(body.to ?? "")) {
      return { status: 400, body: { error: { message: "(#100) Invalid parameter", code: 100 } } };
    }
    return { status: 200, body: { messaging_product: "whatsapp", contacts: [{ input: body.to, wa_id: body.to }], messages: [{ id: `wamid.HBgLOUT${++wamidSeq}` }] } };
  });
});
afterAll(async () => {
  (globalThis as unknown as { orderlineDb?: Promise<Database> }).orderlineDb = undefined;
  closeEmailTransports();
  await smtp.close();
  await meta.close();
  await t.close();
});

const mailsTo = (address: string): ReceivedMail[] => smtp.received.filter((mail) => mail.envelopeTo.includes(address));

/** What a mail client sends when the customer presses "Reply" on `mail`: quote and threading headers included. */
function customerReply(mail: ReceivedMail, from: string, body: string, messageId: string): string {
  const replyTo = mail.parsed.replyTo?.value[0]?.address;
  if (!replyTo) throw new Error("the mail we sent has no Reply-To");
  const references = [...[mail.parsed.references ?? []].flat(), mail.parsed.messageId!].join(" ");
  const quoted = (mail.parsed.text ?? "").trimEnd().split("\n").map((line) => `> ${line}`.trimEnd());
  return [
    "MIME-Version: 1.0",
    "Date: Sun, 29 Nov 2026 16:40:00 +0000",
    `Message-ID: ${messageId}`,
    `In-Reply-To: ${mail.parsed.messageId}`,
    `References: ${references}`,
    `Subject: Re: ${mail.parsed.subject}`,
    `From: Customer <${from}>`,
    `To: Orderline <${replyTo}>`,
    'Content-Type: text/plain; charset="UTF-8"',
    "Content-Transfer-Encoding: 8bit",
    "",
    body,
    "",
    `On Sun, 29 Nov 2026 at 16:35, Orderline <no-reply@shop.example> wrote:`,
    ...quoted,
    "",
  ].join("\r\n");
}

const emailPost = (raw: string, authorization: string) =>
  new Request(`${TEST_APP_URL}/api/webhooks/email`, {
    method: "POST",
    headers: { "Content-Type": "message/rfc822", Authorization: authorization },
    body: Buffer.from(raw, "utf8"),
  });

describe("email, both ways, through the real route and a real SMTP server", () => {
  it("reply → SMTP → customer's reply via the webhook → same thread → next reply chains References", async () => {
    const order = await createOrderWithCustomer(t);
    const admin = t.actor("admin@demo.test");
    const customerEmail = order.customer.email;
    const config = testConfig({ smtpUrl: smtp.url });

    // 1. The admin's public reply queues one email delivery in the send's statement.
    const first = await sendMessage(t.db, { kind: "actor", actor: admin }, { orderNumber: order.orderNumber, content: "Your parcel left today." }, noRequestMeta);
    const [queued] = await t.db.select().from(deliveries).where(eq(deliveries.messageId, first.id));
    expect(queued).toMatchObject({ channel: "email", recipient: customerEmail, status: "pending" });

    // 2. The worker sends it to the SMTP server.
    expect((await runDeliveryBatch(t.db, config, testWorkerOptions)).sent).toBeGreaterThanOrEqual(1);
    const [sent] = mailsTo(customerEmail);
    expect(sent).toBeDefined();
    expect(sent!.parsed.text).toContain("Your parcel left today.");
    expect(sent!.parsed.replyTo?.value[0]?.address).toMatch(new RegExp(`^reply\\+[^@]+@${TEST_REPLY_DOMAIN.replace(/\./g, "\\.")}$`));

    // 3. The customer answers from their mail client; the provider posts the raw mail to our route.
    const replyId = `<CAF-loop-${Date.now()}@mail.example>`;
    const raw = customerReply(sent!, customerEmail, "Great, thanks! Can you leave it with the neighbour?", replyId);
    expect((await postEmail(emailPost(raw, basicAuth("inbound", "wrong")))).status).toBe(401);
    const response = await postEmail(emailPost(raw, basicAuth("inbound", "loop-test-password")));
    expect(response.status).toBe(200);
    const [event] = await eventsOf(t.db, "email", `message:${replyId}`);
    expect(event).toMatchObject({ status: "matched", matchReason: "reply_token" });

    const thread = await messagesOfOrder(t.db, order.orderNumber);
    const reply = thread.find((m) => m.providerMessageId === replyId);
    expect(reply).toMatchObject({
      content: "Great, thanks! Can you leave it with the neighbour?",
      channel: "email",
      senderRole: "customer",
      senderId: order.customer.id,
    });
    expect(thread.map((m) => m.id)).toContain(first.id);
    // The quoted history is in the raw event, not in the thread.
    expect(event?.rawBody).toContain("> Your parcel left today.");
    expect(reply?.content).not.toContain("wrote:");

    // The same post again (the provider's retry) writes nothing new.
    expect((await postEmail(emailPost(raw, basicAuth("inbound", "loop-test-password")))).status).toBe(200);
    expect((await messagesOfOrder(t.db, order.orderNumber)).filter((m) => m.providerMessageId === replyId)).toHaveLength(1);

    // 4. The next staff reply goes out by email again, threaded under our mail and the customer's.
    const second = await sendMessage(t.db, { kind: "actor", actor: admin }, { orderNumber: order.orderNumber, content: "Yes, we will." }, noRequestMeta);
    const [next] = await t.db.select().from(deliveries).where(eq(deliveries.messageId, second.id));
    expect(next).toMatchObject({ channel: "email", recipient: customerEmail });
    await runDeliveryBatch(t.db, config, testWorkerOptions);
    const mails = mailsTo(customerEmail);
    expect(mails).toHaveLength(2);
    const later = mails[1]!.parsed;
    expect(later.text).toContain("Yes, we will.");
    expect(later.subject).toBe(`Re: Your order ${order.orderNumber}`);
    expect(later.inReplyTo).toBe(replyId);
    expect(later.references).toEqual([sent!.parsed.messageId, replyId]);
    expect(later.replyTo?.value[0]?.address).toBe(sent!.parsed.replyTo?.value[0]?.address);
  });
});

describe("WhatsApp, both ways, through the real route and the Cloud API's documented shapes", () => {
  it("customer's WhatsApp → thread → staff reply → Cloud API send → Meta's delivered status updates the delivery", async () => {
    const order = await createOrderWithCustomer(t);
    // Stored as the shop writes it; Meta sends the same number as bare digits.
    await t.db.update(orders).set({ customerPhone: "+1 202-555-0147" }).where(eq(orders.id, order.orderId));
    const inboundId = `wamid.HBgLMTIwMjU1NTAxNDcVAgASGBQzQUVCTE9PUDI${Date.now()}AA==`;
    const inbound = metaJson(
      waWebhook([[waChange({ contacts: [{ name: "Sam", wa_id: "12025550147" }], messages: [waMessage({ id: inboundId, from: "12025550147", text: "Is my order on its way?" })] })]]),
    );
    expect((await postWhatsApp(metaRequest(inbound, "not-the-secret"))).status).toBe(401);
    expect((await postWhatsApp(metaRequest(inbound, META_SECRET))).status).toBe(200);
    const [event] = await eventsOf(t.db, "whatsapp", `message:${inboundId}`);
    expect(event).toMatchObject({ status: "matched", matchReason: "sender" });
    expect((await messagesOfOrder(t.db, order.orderNumber)).find((m) => m.providerMessageId === inboundId)).toMatchObject({
      content: "Is my order on its way?",
      channel: "whatsapp",
      senderRole: "customer",
      senderId: order.customer.id,
    });

    // The staff reply goes back on WhatsApp (the customer's latest channel, inside the 24-hour window).
    const reply = await sendMessage(
      t.db,
      { kind: "actor", actor: t.actor("admin@demo.test") },
      { orderNumber: order.orderNumber, content: "Yes — it arrives tomorrow." },
      noRequestMeta,
    );
    const [queued] = await t.db.select().from(deliveries).where(eq(deliveries.messageId, reply.id));
    expect(queued).toMatchObject({ channel: "whatsapp", status: "pending" });

    const before = meta.requests.length;
    const config = testConfig({ smtpUrl: smtp.url, whatsapp: { accessToken: ACCESS_TOKEN, phoneNumberId: PHONE_NUMBER_ID, apiBaseUrl: `${meta.url}/v21.0` } });
    await runDeliveryBatch(t.db, config, testWorkerOptions);
    const sends = meta.requests.slice(before);
    expect(sends).toHaveLength(1);
    const sent = JSON.parse(sends[0]!.body) as { to: string; text: { body: string } };
    expect(sent.to).toBe("12025550147");
    expect(sent.text.body).toContain("Yes — it arrives tomorrow.");
    const [afterSend] = await t.db.select().from(deliveries).where(eq(deliveries.id, queued!.id));
    expect(afterSend).toMatchObject({ status: "sent", fallbackFrom: null });
    expect(afterSend!.providerMessageId).toMatch(/^wamid\.HBgLOUT\d+$/);
    // Nothing went out by email instead.
    expect(mailsTo(order.customer.email)).toHaveLength(0);

    // Meta then reports it delivered, through the same webhook; a status never creates a message.
    const messagesBefore = (await messagesOfOrder(t.db, order.orderNumber)).length;
    const status = metaJson(waWebhook([[waChange({ statuses: [{ ...waStatus(afterSend!.providerMessageId!, "delivered"), recipient_id: "12025550147" }] })]]));
    expect((await postWhatsApp(metaRequest(status, META_SECRET))).status).toBe(200);
    const [delivered] = await t.db.select().from(deliveries).where(eq(deliveries.id, queued!.id));
    expect(delivered?.status).toBe("delivered");
    expect(await messagesOfOrder(t.db, order.orderNumber)).toHaveLength(messagesBefore);
  });
});
