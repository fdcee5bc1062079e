import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { deliveries, inboundEvents, messages, orders } from "~/server/db/schema";
import { createTestDatabase, type TestDatabase } from "~/test/test-database";
import { inboundRejectionCount } from "../inbound-rejections";
import { eventsOf, messagesOfOrder, messagesWithProviderId } from "../test-queries";
import { TEST_APP_URL, ingest, metaRequest } from "../test-requests";
import { metaJson, waChange, waMessage, waStatus, waWebhook } from "./test-payloads";
import { answerWhatsAppSubscription, whatsAppCall } from "./whatsapp-webhook";

const SECRET = "meta-app-secret-for-tests";
const call = whatsAppCall(SECRET);
let t: TestDatabase;
let seq = 0;
const wamid = () => `wamid.HBgLMTIwMjU1NTAxMDIVAgASGBQzQUVCOTk${(++seq).toString().padStart(6, "0")}AA==`;

beforeAll(async () => {
  t = await createTestDatabase();
});
afterAll(async () => t.close());

const post = (body: unknown) => ingest(t.db, call, metaRequest(metaJson(body), SECRET));

describe("GET /api/webhooks/whatsapp (subscription check)", () => {
  const url = (token: string) => new URL(`${TEST_APP_URL}/api/webhooks/whatsapp?hub.mode=subscribe&hub.verify_token=${token}&hub.challenge=1158201444`);
  it("answers the challenge when the token is ours", async () => {
    const response = answerWhatsAppSubscription(url("verify-me"), "verify-me");
    expect(response.status).toBe(200);
    expect(await response.text()).toBe("1158201444");
  });
  it("403 for another token, 503 when unconfigured", async () => {
    expect(answerWhatsAppSubscription(url("guess"), "verify-me").status).toBe(403);
    const unconfigured = answerWhatsAppSubscription(url("verify-me"), undefined);
    expect(unconfigured.status).toBe(503);
    expect(JSON.stringify(await unconfigured.json())).toMatch(/WHATSAPP_VERIFY_TOKEN/);
  });
});

describe("POST /api/webhooks/whatsapp", () => {
  it("503 with a clear message when WHATSAPP_APP_SECRET is unset", async () => {
    const response = await ingest(t.db, whatsAppCall(undefined), metaRequest("{}", "x"));
    expect(response.status).toBe(503);
    expect(((await response.json()) as { error: { message: string } }).error.message).toMatch(/WHATSAPP_APP_SECRET/);
  });

  it("a bad signature is 401, stores nothing, and is counted", async () => {
    const id = wamid();
    const before = inboundRejectionCount("whatsapp");
    const body = metaJson(waWebhook([[waChange({ messages: [waMessage({ id, from: "12025550102", text: "hi" })] })]]));
    const response = await ingest(t.db, call, metaRequest(body, SECRET, `sha256=${"0".repeat(64)}`));
    expect(response.status).toBe(401);
    expect(inboundRejectionCount("whatsapp")).toBe(before + 1);
    expect(await eventsOf(t.db, "whatsapp", `message:${id}`)).toHaveLength(0);
    const unsigned = new Request(`${TEST_APP_URL}/api/webhooks/whatsapp`, { method: "POST", body });
    expect((await ingest(t.db, call, unsigned)).status).toBe(401);
  });

  it("a customer with one open order lands in its thread, as the customer, on WhatsApp", async () => {
    const id = wamid();
    const response = await post(
      waWebhook([[waChange({ contacts: [{ name: "Bob", wa_id: "12025550102" }], messages: [waMessage({ id, from: "12025550102", text: "Where is my parcel?" })] })]]),
    );
    expect(response.status).toBe(200);
    const [message] = await messagesWithProviderId(t.db, id);
    expect(message).toMatchObject({ content: "Where is my parcel?", channel: "whatsapp", senderRole: "customer", senderId: t.actor("bob@demo.test").id, senderName: "Bob" });
    expect((await messagesOfOrder(t.db, "ORD-1002")).map((m) => m.id)).toContain(message?.id);
    const [event] = await eventsOf(t.db, "whatsapp", `message:${id}`);
    expect(event).toMatchObject({ status: "matched", matchReason: "sender", messageId: message?.id, storeId: "north" });
  });

  it("the same webhook delivered twice creates one message and one event", async () => {
    const id = wamid();
    const body = waWebhook([[waChange({ messages: [waMessage({ id, from: "12025550102", text: "twice" })] })]]);
    expect((await post(body)).status).toBe(200);
    expect((await post(body)).status).toBe(200);
    expect(await messagesWithProviderId(t.db, id)).toHaveLength(1);
    expect(await eventsOf(t.db, "whatsapp", `message:${id}`)).toHaveLength(1);
  });

  it("the same call delivered five times at once still makes one message", async () => {
    const id = wamid();
    const body = waWebhook([[waChange({ messages: [waMessage({ id, from: "12025550102", text: "parallel" })] })]]);
    const answers = await Promise.all(Array.from({ length: 5 }, () => post(body)));
    expect(answers.map((r) => r.status)).toEqual([200, 200, 200, 200, 200]);
    expect(await messagesWithProviderId(t.db, id)).toHaveLength(1);
    expect((await eventsOf(t.db, "whatsapp", `message:${id}`))[0]?.status).toBe("matched");
  });

  it("several entries, changes and messages in one call: one event each; statuses never create messages", async () => {
    const [a, b, c, sent] = [wamid(), wamid(), wamid(), wamid()];
    const response = await post(
      waWebhook([
        [waChange({ messages: [waMessage({ id: a, from: "12025550102", text: "first" }), waMessage({ id: b, from: "12025550102", text: "second" })] })],
        [waChange({ messages: [waMessage({ id: c, from: "12025550102", text: "third" })] }), waChange({ statuses: [waStatus(sent, "delivered")] })],
      ]),
    );
    expect(response.status).toBe(200);
    const receipt = (await response.json()) as { received: number };
    expect(receipt.received).toBe(4);
    for (const id of [a, b, c]) expect(await messagesWithProviderId(t.db, id)).toHaveLength(1);
    expect(await messagesWithProviderId(t.db, sent)).toHaveLength(0);
    const [status] = await eventsOf(t.db, "whatsapp", `status:${sent}:delivered`);
    expect(status?.kind).toBe("status");
  });

  it("Meta's escaped JSON (\\u00e9, \\/) verifies over the raw bytes and reads unescaped; re-serialising would not verify", async () => {
    const id = wamid();
    const payload = waWebhook([[waChange({ messages: [waMessage({ id, from: "12025550102", text: "Où est mon colis ? https://track.example/a/b 📦" })] })]]);
    const raw = metaJson(payload);
    expect(raw).toContain("\\u00f9");
    expect(raw).toContain("\\/");
    expect((await ingest(t.db, call, metaRequest(raw, SECRET))).status).toBe(200);
    const [message] = await messagesWithProviderId(t.db, id);
    expect(message?.content).toBe("Où est mon colis ? https://track.example/a/b 📦");
    // The signature Meta sent, over a re-serialised body: what a naive implementation would check.
    const signedRaw = metaRequest(raw, SECRET).headers.get("x-hub-signature-256") ?? "";
    expect((await ingest(t.db, call, metaRequest(JSON.stringify(JSON.parse(raw)), SECRET, signedRaw))).status).toBe(401);
  });

  it("a stranger naming someone's order number goes to the unmatched queue, never the thread", async () => {
    const id = wamid();
    await post(waWebhook([[waChange({ messages: [waMessage({ id, from: "12025550177", text: "Status of ORD-1001 please" })] })]]));
    expect(await messagesWithProviderId(t.db, id)).toHaveLength(0);
    const [event] = await eventsOf(t.db, "whatsapp", `message:${id}`);
    expect(event?.status).toBe("unmatched");
    expect(event?.orderId).toBeNull();
  });

  it("the customer naming their own order number is matched to that order (even with two open orders)", async () => {
    const id = wamid();
    await post(waWebhook([[waChange({ messages: [waMessage({ id, from: "12025550101", text: "About ord-1003: can I add a gift note?" })] })]]));
    const [event] = await eventsOf(t.db, "whatsapp", `message:${id}`);
    expect(event).toMatchObject({ status: "matched", matchReason: "order_number" });
    expect((await messagesOfOrder(t.db, "ORD-1003")).some((m) => m.providerMessageId === id)).toBe(true);
  });

  it("a customer with two open orders and no order number goes to the unmatched queue", async () => {
    const id = wamid();
    await post(waWebhook([[waChange({ messages: [waMessage({ id, from: "12025550101", text: "Hello?" })] })]]));
    expect((await eventsOf(t.db, "whatsapp", `message:${id}`))[0]?.status).toBe("unmatched");
  });

  it("Brazil: a shop number with the ninth digit matches Meta's number without it", async () => {
    const [order] = await t.db.select().from(orders).where(eq(orders.orderNumber, "ORD-1002"));
    await t.db.insert(orders).values({
      orderNumber: "ORD-BR1",
      storeId: "north",
      customerName: "Bruna",
      customerEmail: "bruna@example.com.br",
      customerPhone: "+55 11 98765-4321",
      status: "processing",
    });
    const id = wamid();
    await post(waWebhook([[waChange({ messages: [waMessage({ id, from: "551187654321", text: "Oi" })] })]]));
    expect((await messagesOfOrder(t.db, "ORD-BR1")).map((m) => m.providerMessageId)).toEqual([id]);
    expect(order).toBeDefined();
  });

  it("a body that passed the signature but is not Meta's format: 400, kept as failed with its raw body", async () => {
    const raw = '{"object":"page","entry":"nope"}';
    const response = await ingest(t.db, call, metaRequest(raw, SECRET));
    expect(response.status).toBe(400);
    const failed = await t.db.select().from(inboundEvents).where(eq(inboundEvents.rawBody, raw));
    expect(failed).toHaveLength(1);
    expect(failed[0]?.status).toBe("failed");
    expect(failed[0]?.error).toMatch(/Not a WhatsApp/);
    const notJson = await ingest(t.db, call, metaRequest("{oops", SECRET));
    expect(notJson.status).toBe(400);
  });

  it("a status moves the delivery with that WhatsApp id forward", async () => {
    const [message] = await t.db.select({ id: messages.id, storeId: messages.storeId }).from(messages).limit(1);
    const sentId = wamid();
    await t.db.insert(deliveries).values({
      storeId: message!.storeId,
      messageId: message!.id,
      channel: "whatsapp",
      recipient: "+1 202-555-0101",
      status: "sent",
      providerMessageId: sentId,
    });
    await post(waWebhook([[waChange({ statuses: [waStatus(sentId, "delivered")] })]]));
    const [delivery] = await t.db.select().from(deliveries).where(eq(deliveries.providerMessageId, sentId));
    expect(delivery?.status).toBe("delivered");
    await post(waWebhook([[waChange({ statuses: [waStatus(sentId, "failed", [{ code: 131047, title: "Re-engagement message" }])] })]]));
    // A late failure after delivery is recorded as an event but does not undo "delivered".
    const [after] = await t.db.select().from(deliveries).where(eq(deliveries.providerMessageId, sentId));
    expect(after?.status).toBe("delivered");
  });
});
