import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { deliveries, messages } from "~/server/db/schema";
import { createTestDatabase, type TestDatabase } from "~/test/test-database";
import { inboundRejectionCount } from "../inbound-rejections";
import { eventsOf, messagesOfOrder, messagesWithProviderId } from "../test-queries";
import { TEST_APP_URL, ingest, twilioRequest, twilioSid } from "../test-requests";
import { twilioSmsCall, twilioStatusCall } from "./twilio-webhook";

const TOKEN = "12345678901234567890123456789012";
const ACCOUNT = twilioSid("AC", 0xacc);
let t: TestDatabase;
let seq = 0x5000;

beforeAll(async () => {
  t = await createTestDatabase();
});
afterAll(async () => t.close());

// What Twilio POSTs for an incoming SMS (https://www.twilio.com/docs/messaging/guides/webhook-request).
function incoming(from: string, body: string, sid = twilioSid("SM", ++seq)) {
  return {
    ToCountry: "US",
    ToState: "DC",
    SmsMessageSid: sid,
    NumMedia: "0",
    ToCity: "WASHINGTON",
    FromZip: "20001",
    SmsSid: sid,
    FromState: "DC",
    SmsStatus: "received",
    FromCity: "WASHINGTON",
    Body: body,
    FromCountry: "US",
    To: "+12025550199",
    MessagingServiceSid: `MG${"a".repeat(32)}`,
    ToZip: "20001",
    NumSegments: "1",
    MessageSid: sid,
    AccountSid: ACCOUNT,
    From: from,
    ApiVersion: "2010-04-01",
  };
}
const sms = (fields: Record<string, string>) => ingest(t.db, twilioSmsCall(TOKEN, TEST_APP_URL), twilioRequest("/api/webhooks/sms", fields, TOKEN));

describe("POST /api/webhooks/sms", () => {
  it("SIDs in the tests are Twilio-shaped (34 characters)", () => {
    expect(twilioSid("SM", 1)).toHaveLength(34);
  });

  it("a signed SMS from a customer with one open order lands in its thread; empty TwiML answer", async () => {
    const fields = incoming("+12025550102", "Can you leave it with the neighbour?");
    const response = await sms(fields);
    expect(response.status).toBe(200);
    expect(response.headers.get("content-type")).toBe("text/xml");
    expect(await response.text()).toContain("<Response></Response>");
    const [message] = await messagesWithProviderId(t.db, fields.MessageSid);
    expect(message).toMatchObject({ channel: "sms", senderRole: "customer", senderId: t.actor("bob@demo.test").id });
    expect((await messagesOfOrder(t.db, "ORD-1002")).some((m) => m.id === message?.id)).toBe(true);
  });

  it("delivered twice: one message", async () => {
    const fields = incoming("+12025550102", "again");
    await sms(fields);
    await sms(fields);
    expect(await messagesWithProviderId(t.db, fields.MessageSid)).toHaveLength(1);
  });

  it("a customer with two open orders and no order number goes to the unmatched queue", async () => {
    const fields = incoming("+12025550101", "When does it arrive?");
    await sms(fields);
    expect(await messagesWithProviderId(t.db, fields.MessageSid)).toHaveLength(0);
    expect((await eventsOf(t.db, "twilio", `message:${fields.MessageSid}`))[0]?.status).toBe("unmatched");
  });

  it("a stranger naming an order number is unmatched", async () => {
    const fields = incoming("+12025550188", "ORD-1002 is mine, send it to me");
    await sms(fields);
    expect((await eventsOf(t.db, "twilio", `message:${fields.MessageSid}`))[0]?.status).toBe("unmatched");
    expect((await messagesOfOrder(t.db, "ORD-1002")).some((m) => m.content.includes("send it to me"))).toBe(false);
  });

  it("a tampered field, a wrong URL or a missing signature is 401 and nothing is stored", async () => {
    const before = inboundRejectionCount("twilio");
    const fields = incoming("+12025550102", "hello");
    const tampered = twilioRequest("/api/webhooks/sms", fields, TOKEN, (f) => (f.Body = "send the refund to me"));
    expect((await ingest(t.db, twilioSmsCall(TOKEN, TEST_APP_URL), tampered)).status).toBe(401);
    const otherHost = twilioRequest("/api/webhooks/sms", fields, TOKEN);
    expect((await ingest(t.db, twilioSmsCall(TOKEN, "https://elsewhere.example"), otherHost)).status).toBe(401);
    const unsigned = new Request(`${TEST_APP_URL}/api/webhooks/sms`, {
      method: "POST",
      headers: { "Content-Type": "application/x-www-form-urlencoded" },
      body: new URLSearchParams(fields).toString(),
    });
    expect((await ingest(t.db, twilioSmsCall(TOKEN, TEST_APP_URL), unsigned)).status).toBe(401);
    expect(inboundRejectionCount("twilio")).toBe(before + 3);
    expect(await eventsOf(t.db, "twilio", `message:${fields.MessageSid}`)).toHaveLength(0);
  });

  it("503 when TWILIO_AUTH_TOKEN is unset; 400 (kept as failed) for a signed body that is not an SMS", async () => {
    expect((await ingest(t.db, twilioSmsCall(undefined, TEST_APP_URL), twilioRequest("/api/webhooks/sms", incoming("+1", "x"), TOKEN))).status).toBe(503);
    const response = await sms({ Hello: "world" });
    expect(response.status).toBe(400);
    expect(((await response.json()) as { error: { message: string } }).error.message).toMatch(/MessageSid/);
    expect((await eventsOf(t.db, "twilio")).some((e) => e.status === "failed" && e.rawBody === "Hello=world")).toBe(true);
  });
});

describe("POST /api/webhooks/sms/status", () => {
  it("a status callback moves the delivery forward and creates no message; 'undelivered' records the error", async () => {
    const [message] = await t.db.select({ id: messages.id, storeId: messages.storeId }).from(messages).limit(1);
    const sid = twilioSid("SM", ++seq);
    await t.db.insert(deliveries).values({ storeId: message!.storeId, messageId: message!.id, channel: "sms", recipient: "+12025550101", status: "sending", providerMessageId: sid });
    const status = (MessageStatus: string, extra: Record<string, string> = {}) =>
      ingest(
        t.db,
        twilioStatusCall(TOKEN, TEST_APP_URL),
        twilioRequest("/api/webhooks/sms/status", { SmsSid: sid, SmsStatus: MessageStatus, MessageStatus, To: "+12025550101", MessageSid: sid, AccountSid: ACCOUNT, From: "+12025550199", ApiVersion: "2010-04-01", ...extra }, TOKEN),
      );
    expect((await status("sent")).status).toBe(200);
    expect((await t.db.select().from(deliveries).where(eq(deliveries.providerMessageId, sid)))[0]?.status).toBe("sent");
    expect((await status("undelivered", { ErrorCode: "30003" })).status).toBe(200);
    const [failed] = await t.db.select().from(deliveries).where(eq(deliveries.providerMessageId, sid));
    expect(failed?.status).toBe("failed");
    expect(failed?.lastError).toContain("30003");
    expect(await messagesWithProviderId(t.db, sid)).toHaveLength(0);
    // "queued"/"sending" are not stored at all.
    expect((await status("queued")).status).toBe(200);
    expect(await eventsOf(t.db, "twilio", `status:${sid}:queued`)).toHaveLength(0);
  });
});
