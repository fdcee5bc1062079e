import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { createTestDatabase, type TestDatabase } from "~/test/test-database";
import type { DeliveryConfig } from "./delivery-config";
import { runDeliveryBatch } from "./run-delivery-worker";
import { closeEmailTransports } from "./send-email";
import {
  deliveryRow,
  queueStaffReply,
  startFakeProvider,
  startSmtpServer,
  testConfig,
  testWorkerOptions,
  type RecordedRequest,
} from "./test-support";

const ACCOUNT_SID = "AC0123456789abcdef0123456789abcdef"; // 34 characters, as Twilio's are
const AUTH_TOKEN = "twilio-test-auth-token";
const PHONE_NUMBER_ID = "106540352242922";
const ACCESS_TOKEN = "EAAG-test-access-token";

let t: TestDatabase;
let smtp: Awaited<ReturnType<typeof startSmtpServer>>;
/** What the next fake answer is, per provider (tests switch it). */
let whatsappAnswer: (request: RecordedRequest) => { status: number; body: unknown };
let twilioAnswer: (request: RecordedRequest) => { status: number; body: unknown };
let meta: Awaited<ReturnType<typeof startFakeProvider>>;
let twilio: Awaited<ReturnType<typeof startFakeProvider>>;
let config: DeliveryConfig;
let counter = 0;

/** Meta's documented success answer for POST /{phone-number-id}/messages. */
const metaAccepted = (request: RecordedRequest) => {
  // Checks like Graph does: the token, the phone-number id in the path, the documented body.
  if (request.headers.authorization !== `Bearer ${ACCESS_TOKEN}`) {
    return { status: 401, body: { error: { message: "Invalid OAuth access token.", type: "OAuthException", code: 190 } } };
  }
  const body = JSON.parse(request.body) as { messaging_product?: string; to?: string; type?: string; text?: { body?: string } };
  if (!request.path.endsWith(`/${PHONE_NUMBER_ID}/messages`) || body.messaging_product !== "whatsapp" || body.type !== "text" || !body.text?.body || !/^\d{8,15}$/.test(body.to ?? "")) {
    return { status: 400, body: { error: { message: "(#100) Invalid parameter", type: "OAuthException", code: 100 } } };
  }
  const to = body.to!;
  return {
    status: 200,
    body: { messaging_product: "whatsapp", contacts: [{ input: to, wa_id: to }], messages: [{ id: `wamid.HBgL${++counter}` }] },
  };
};
/** Twilio's documented 201 for POST /2010-04-01/Accounts/{sid}/Messages.json. */
const twilioAccepted = (request: RecordedRequest) => {
  if (request.headers.authorization !== `Basic ${Buffer.from(`${ACCOUNT_SID}:${AUTH_TOKEN}`).toString("base64")}`) {
    return { status: 401, body: { code: 20003, message: "Authenticate", more_info: "https://www.twilio.com/docs/errors/20003", status: 401 } };
  }
  const form = new URLSearchParams(request.body);
  if (request.path !== `/2010-04-01/Accounts/${ACCOUNT_SID}/Messages.json` || !/^\+\d{8,15}$/.test(form.get("To") ?? "") || !form.get("From") || !form.get("Body")) {
    return { status: 400, body: { code: 21604, message: "A 'To' phone number is required.", status: 400 } };
  }
  return {
    status: 201,
    body: { sid: `SM${String(++counter).padStart(32, "0")}`, status: "queued", to: form.get("To"), from: form.get("From"), body: form.get("Body") },
  };
};

beforeAll(async () => {
  t = await createTestDatabase();
  smtp = await startSmtpServer();
  meta = await startFakeProvider((request) => whatsappAnswer(request));
  twilio = await startFakeProvider((request) => twilioAnswer(request));
  config = testConfig({
    smtpUrl: smtp.url,
    whatsapp: { accessToken: ACCESS_TOKEN, phoneNumberId: PHONE_NUMBER_ID, apiBaseUrl: `${meta.url}/v21.0` },
    sms: {
      accountSid: ACCOUNT_SID,
      authToken: AUTH_TOKEN,
      fromNumber: "+1 202-555-0199",
      apiBaseUrl: twilio.url,
      statusCallbackUrl: "https://shop.example/api/webhooks/sms/status",
    },
  });
});
beforeEach(() => {
  whatsappAnswer = metaAccepted;
  twilioAnswer = twilioAccepted;
});
afterAll(async () => {
  closeEmailTransports();
  await Promise.all([smtp.close(), meta.close(), twilio.close()]);
  await t.close();
});

const hoursAgo = (hours: number) => new Date(Date.now() - hours * 60 * 60 * 1000);
const mailsTo = (address: string) => smtp.received.filter((mail) => mail.envelopeTo.includes(address));

describe("WhatsApp deliveries (Cloud API)", () => {
  it("inside the 24-hour window sends a text to the number in E.164 without '+', with the Bearer token", async () => {
    const queued = await queueStaffReply(t, {
      channel: "whatsapp",
      phone: "+1 (202) 555-0101",
      content: "On its way 🚚 — tracking soon",
      customerMessages: [{ channel: "whatsapp", at: hoursAgo(2) }],
    });
    await runDeliveryBatch(t.db, config, testWorkerOptions);

    const request = meta.requests.at(-1)!;
    expect(request.method).toBe("POST");
    expect(request.path).toBe(`/v21.0/${PHONE_NUMBER_ID}/messages`);
    expect(request.headers.authorization).toBe(`Bearer ${ACCESS_TOKEN}`);
    expect(request.headers["content-type"]).toMatch(/^application\/json/);
    expect(JSON.parse(request.body)).toEqual({
      messaging_product: "whatsapp",
      recipient_type: "individual",
      to: "12025550101",
      type: "text",
      text: { preview_url: false, body: "On its way 🚚 — tracking soon" },
      biz_opaque_callback_data: queued.delivery.id,
    });
    const row = await deliveryRow(t, queued.delivery.id);
    expect(row.status).toBe("sent");
    expect(row.channel).toBe("whatsapp");
    expect(row.providerMessageId).toMatch(/^wamid\./);
    expect(row.fallbackReason).toBeNull();
  });

  it("outside the window falls back to email and records why", async () => {
    const requestsBefore = meta.requests.length;
    const queued = await queueStaffReply(t, { channel: "whatsapp", customerMessages: [{ channel: "whatsapp", at: hoursAgo(25) }] });
    await runDeliveryBatch(t.db, config, testWorkerOptions);

    expect(meta.requests.length).toBe(requestsBefore);
    const row = await deliveryRow(t, queued.delivery.id);
    expect(row.status).toBe("sent");
    expect(row.channel).toBe("email");
    expect(row.recipient).toBe(queued.customerEmail);
    expect(row.fallbackFrom).toBe("whatsapp");
    expect(row.fallbackReason).toMatch(/Outside WhatsApp's 24-hour window: the customer last wrote on WhatsApp at /);
    const [mail] = mailsTo(queued.customerEmail);
    expect(mail?.parsed.messageId).toBe(row.providerMessageId);
  });

  it("when Meta refuses with 131047 (re-engagement) the same attempt goes by email, with Meta's reason", async () => {
    whatsappAnswer = () => ({
      status: 400,
      body: {
        error: {
          message: "(#131047) Re-engagement message",
          type: "OAuthException",
          code: 131047,
          error_data: { messaging_product: "whatsapp", details: "Message failed to send because more than 24 hours have passed since the customer last replied to this number." },
          fbtrace_id: "AbCdEf",
        },
      },
    });
    const queued = await queueStaffReply(t, { channel: "whatsapp", customerMessages: [{ channel: "whatsapp", at: hoursAgo(1) }] });
    await runDeliveryBatch(t.db, config, testWorkerOptions);
    const row = await deliveryRow(t, queued.delivery.id);
    expect(row.status).toBe("sent");
    expect(row.channel).toBe("email");
    expect(row.attempts).toBe(1);
    expect(row.fallbackReason).toContain("131047");
    expect(mailsTo(queued.customerEmail)).toHaveLength(1);
  });

  it("a Meta rate limit (130429) is retried later; a refused message (400) fails with Meta's message", async () => {
    whatsappAnswer = () => ({ status: 400, body: { error: { message: "Rate limit hit", code: 130429, type: "OAuthException" } } });
    const limited = await queueStaffReply(t, { channel: "whatsapp", customerMessages: [{ channel: "whatsapp", at: hoursAgo(1) }] });
    await runDeliveryBatch(t.db, config, testWorkerOptions);
    const limitedRow = await deliveryRow(t, limited.delivery.id);
    expect(limitedRow.status).toBe("pending");
    expect(limitedRow.nextAttemptAt.getTime()).toBeGreaterThan(Date.now());

    whatsappAnswer = () => ({ status: 400, body: { error: { message: "(#100) Invalid parameter", code: 100, type: "OAuthException" } } });
    const refused = await queueStaffReply(t, { channel: "whatsapp", customerMessages: [{ channel: "whatsapp", at: hoursAgo(1) }] });
    await runDeliveryBatch(t.db, config, testWorkerOptions);
    const refusedRow = await deliveryRow(t, refused.delivery.id);
    expect(refusedRow.status).toBe("failed");
    expect(refusedRow.lastError).toBe("WhatsApp 400 (code 100): (#100) Invalid parameter");
  });

  it("never echoes a customer's WhatsApp message back on WhatsApp", async () => {
    const requestsBefore = meta.requests.length;
    const queued = await queueStaffReply(t, { channel: "whatsapp", echoOfCustomerMessage: true });
    await runDeliveryBatch(t.db, config, testWorkerOptions);
    const row = await deliveryRow(t, queued.delivery.id);
    expect(row.status).toBe("cancelled");
    expect(row.lastError).toMatch(/came in on whatsapp/);
    expect(meta.requests.length).toBe(requestsBefore);
  });
});

describe("SMS deliveries (Twilio REST API)", () => {
  it("posts To/From/Body/StatusCallback form-encoded with Basic auth and records the SM sid", async () => {
    const queued = await queueStaffReply(t, { channel: "sms", phone: "+1 202-555-0101", content: "Parcel out for delivery & due by 5pm" });
    await runDeliveryBatch(t.db, config, testWorkerOptions);

    const request = twilio.requests.at(-1)!;
    expect(request.method).toBe("POST");
    expect(request.path).toBe(`/2010-04-01/Accounts/${ACCOUNT_SID}/Messages.json`);
    expect(request.headers.authorization).toBe(`Basic ${Buffer.from(`${ACCOUNT_SID}:${AUTH_TOKEN}`).toString("base64")}`);
    expect(request.headers["content-type"]).toBe("application/x-www-form-urlencoded");
    expect(Object.fromEntries(new URLSearchParams(request.body))).toEqual({
      To: "+12025550101",
      From: "+12025550199",
      Body: "Parcel out for delivery & due by 5pm",
      StatusCallback: "https://shop.example/api/webhooks/sms/status",
    });
    const row = await deliveryRow(t, queued.delivery.id);
    expect(row.status).toBe("sent");
    expect(row.providerMessageId).toMatch(/^SM[0-9a-f]{32}$/);
  });

  it("Twilio 5xx is retried, 400 (21211 invalid To) fails with Twilio's reason", async () => {
    twilioAnswer = () => ({ status: 503, body: { code: 20503, message: "Service unavailable", status: 503 } });
    const outage = await queueStaffReply(t, { channel: "sms" });
    await runDeliveryBatch(t.db, config, testWorkerOptions);
    expect((await deliveryRow(t, outage.delivery.id)).status).toBe("pending");

    twilioAnswer = () => ({
      status: 400,
      body: { code: 21211, message: "The 'To' number +12025550101 is not a valid phone number.", more_info: "https://www.twilio.com/docs/errors/21211", status: 400 },
    });
    const refused = await queueStaffReply(t, { channel: "sms" });
    await runDeliveryBatch(t.db, config, testWorkerOptions);
    const row = await deliveryRow(t, refused.delivery.id);
    expect(row.status).toBe("failed");
    expect(row.lastError).toBe("Twilio 400 (code 21211): The 'To' number +12025550101 is not a valid phone number.");
  });

  it("a phone that is not a valid number, or SMS not configured, goes by email with the reason", async () => {
    const requestsBefore = twilio.requests.length;
    const badPhone = await queueStaffReply(t, { channel: "sms", phone: "555-0101" });
    await runDeliveryBatch(t.db, config, testWorkerOptions);
    const badRow = await deliveryRow(t, badPhone.delivery.id);
    expect(badRow.status).toBe("sent");
    expect(badRow.channel).toBe("email");
    expect(badRow.fallbackReason).toBe('"555-0101" is not a valid phone number');

    const unconfigured = await queueStaffReply(t, { channel: "sms" });
    await runDeliveryBatch(t.db, { ...config, sms: null }, testWorkerOptions);
    const row = await deliveryRow(t, unconfigured.delivery.id);
    expect(row.channel).toBe("email");
    expect(row.fallbackReason).toMatch(/SMS is not configured/);
    expect(twilio.requests.length).toBe(requestsBefore);
  });
});
