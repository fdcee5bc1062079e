import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { auditLog, orders } from "~/server/db/schema";
import { messagesOfOrder, messagesWithProviderId } from "~/server/channels/test-queries";
import { ingest, metaRequest, orderEventRequest } from "~/server/channels/test-requests";
import { metaJson, waChange, waMessage, waWebhook } from "~/server/channels/whatsapp/test-payloads";
import { whatsAppCall } from "~/server/channels/whatsapp/whatsapp-webhook";
import { orderEventsCall } from "~/server/channels/order-events/order-events-webhook";
import { callerFor } from "~/test/messaging-fixtures";
import { createTestDatabase, type TestDatabase } from "~/test/test-database";
import { trpcCodeOf } from "~/test/trpc-code";

const SECRET = "meta-secret";
let t: TestDatabase;
let seq = 0;
const wamid = () => `wamid.ROUTER${Date.now()}${++seq}`;

beforeAll(async () => {
  t = await createTestDatabase();
});
afterAll(async () => t.close());

/** A WhatsApp message from a stranger's phone: it waits in the unmatched queue. */
async function strangerMessage(text: string, timestamp = 1_795_000_000): Promise<string> {
  const id = wamid();
  const body = metaJson(waWebhook([[waChange({ contacts: [{ name: "Walk-in", wa_id: "12025550166" }], messages: [waMessage({ id, from: "12025550166", text, timestamp })] })]]));
  expect((await ingest(t.db, whatsAppCall(SECRET), metaRequest(body, SECRET))).status).toBe(200);
  return id;
}

describe("webhooks router", () => {
  it("is for admins only: every other role gets FORBIDDEN", async () => {
    for (const who of ["alice@demo.test", "rita@demo.test", "sid@demo.test"]) {
      const caller = callerFor(t, who);
      expect(await trpcCodeOf(caller.webhooks.events({}))).toBe("FORBIDDEN");
      expect(await trpcCodeOf(caller.webhooks.unmatched({}))).toBe("FORBIDDEN");
      expect(await trpcCodeOf(caller.webhooks.assign({ eventId: crypto.randomUUID(), orderNumber: "ORD-1001" }))).toBe("FORBIDDEN");
      expect(await trpcCodeOf(caller.webhooks.retry({ eventId: crypto.randomUUID() }))).toBe("FORBIDDEN");
      expect(await trpcCodeOf(caller.webhooks.event({ eventId: crypto.randomUUID() }))).toBe("FORBIDDEN");
    }
  });

  it("the events log shows the raw payload and pages by keyset without repeats or gaps", async () => {
    const ids = [];
    for (let i = 0; i < 5; i++) ids.push(await strangerMessage(`hello ${i}`));
    const admin = callerFor(t, "admin@demo.test");
    const seen: string[] = [];
    let cursor: string | null = null;
    do {
      const page: Awaited<ReturnType<typeof admin.webhooks.events>> = await admin.webhooks.events({ limit: 2, provider: "whatsapp", cursor });
      expect(page.events.length).toBeLessThanOrEqual(2);
      seen.push(...page.events.map((e) => e.providerEventId));
      cursor = page.nextCursor;
    } while (cursor);
    expect(new Set(seen).size).toBe(seen.length);
    for (const id of ids) expect(seen).toContain(`message:${id}`);
    const first = (await admin.webhooks.events({ limit: 1, provider: "whatsapp" })).events[0];
    expect(first?.rawBody).toContain('"object":"whatsapp_business_account"');
    expect(first?.headers["x-hub-signature-256"]).toMatch(/^sha256=/);
    expect(await trpcCodeOf(admin.webhooks.events({ cursor: "not-a-cursor" }))).toBe("BAD_REQUEST");
  });

  it("assign puts an unmatched message in the order's thread with its original time and channel, once", async () => {
    const id = await strangerMessage("This is about my order ORD-1001, I am Alice's husband", 1_794_000_000);
    const admin = callerFor(t, "admin@demo.test");
    const queued = (await admin.webhooks.unmatched({ limit: 100 })).events.find((e) => e.providerEventId === `message:${id}`);
    expect(queued).toMatchObject({ status: "unmatched", from: "+12025550166", fromName: "Walk-in", channel: "whatsapp" });

    const assigned = await admin.webhooks.assign({ eventId: queued!.id, orderNumber: "ORD-1001" });
    expect(assigned).toMatchObject({ status: "matched", matchReason: "assigned", orderNumber: "ORD-1001" });
    const message = (await messagesOfOrder(t.db, "ORD-1001")).find((m) => m.providerMessageId === id);
    expect(message).toMatchObject({ channel: "whatsapp", senderRole: "customer", senderName: "Walk-in", senderId: null });
    expect(message?.createdAt.toISOString()).toBe(new Date(1_794_000_000 * 1000).toISOString());
    expect(assigned.messageId).toBe(message?.id);
    // The detail pane links the assigned message's thread.
    expect(assigned.threadId).toBe(message?.threadId);
    expect(await admin.webhooks.event({ eventId: queued!.id })).toMatchObject({ status: "matched", messageId: message?.id, threadId: message?.threadId });

    expect((await admin.webhooks.unmatched({ limit: 100 })).events.some((e) => e.id === queued!.id)).toBe(false);
    expect(await trpcCodeOf(admin.webhooks.assign({ eventId: queued!.id, orderNumber: "ORD-1002" }))).toBe("CONFLICT");
    expect(await messagesWithProviderId(t.db, id)).toHaveLength(1);
    const audit = await t.db.select().from(auditLog).where(eq(auditLog.action, "inbound.assigned"));
    expect(audit.some((a) => a.actorId === t.actor("admin@demo.test").id && a.messageId === message?.id)).toBe(true);
  });

  it("assign refuses an unknown order or event", async () => {
    const id = await strangerMessage("anyone?");
    const admin = callerFor(t, "admin@demo.test");
    const queued = (await admin.webhooks.unmatched({ limit: 100 })).events.find((e) => e.providerEventId === `message:${id}`);
    expect(await trpcCodeOf(admin.webhooks.assign({ eventId: queued!.id, orderNumber: "ORD-NOPE" }))).toBe("NOT_FOUND");
    expect(await trpcCodeOf(admin.webhooks.assign({ eventId: crypto.randomUUID(), orderNumber: "ORD-1001" }))).toBe("NOT_FOUND");
  });

  it("retry applies a failed event once its cause is gone, and refuses events that did not fail", async () => {
    const secret = "events-secret";
    const eventId = `evt_retry_${Date.now()}`;
    const body = JSON.stringify({ eventId, orderNumber: "ORD-RETRY1", type: "order.created", text: "We got your order." });
    expect((await ingest(t.db, orderEventsCall(secret), orderEventRequest(body, secret))).status).toBe(404);
    const admin = callerFor(t, "admin@demo.test");
    const failed = (await admin.webhooks.events({ status: "failed", provider: "order_events" })).events.find((e) => e.providerEventId === eventId);
    expect(failed?.error).toMatch(/not found/i);
    expect(failed?.orderNumber).toBe("ORD-RETRY1");

    await t.db.insert(orders).values({ orderNumber: "ORD-RETRY1", storeId: "south", customerName: "R", customerEmail: "r@example.com" });
    const retried = await admin.webhooks.retry({ eventId: failed!.id });
    expect(retried.status).toBe("matched");
    expect((await messagesOfOrder(t.db, "ORD-RETRY1")).map((m) => m.content)).toEqual(["We got your order."]);
    expect(await trpcCodeOf(admin.webhooks.retry({ eventId: failed!.id }))).toBe("CONFLICT");
  });

  it("retry matches an unmatched message again: still unmatched while nothing points at an order, matched once its order has the sender's phone", async () => {
    const id = await strangerMessage("Where is my parcel?", 1_796_000_000);
    const admin = callerFor(t, "admin@demo.test");
    const queued = (await admin.webhooks.unmatched({ limit: 100 })).events.find((e) => e.providerEventId === `message:${id}`);
    expect((await admin.webhooks.retry({ eventId: queued!.id })).status).toBe("unmatched");

    await t.db.insert(orders).values({ orderNumber: "ORD-REMATCH1", storeId: "south", customerName: "W", customerEmail: "w@example.com", customerPhone: "+1 202-555-0166" });
    const retried = await admin.webhooks.retry({ eventId: queued!.id });
    expect(retried).toMatchObject({ status: "matched", orderNumber: "ORD-REMATCH1", threadId: expect.any(String) as string });
    expect((await messagesOfOrder(t.db, "ORD-REMATCH1")).map((m) => m.content)).toEqual(["Where is my parcel?"]);
  });

  it("one event is NOT_FOUND when it does not exist, and its id must be a uuid", async () => {
    const admin = callerFor(t, "admin@demo.test");
    expect(await trpcCodeOf(admin.webhooks.event({ eventId: crypto.randomUUID() }))).toBe("NOT_FOUND");
    expect(await trpcCodeOf(admin.webhooks.event({ eventId: "nope" }))).toBe("BAD_REQUEST");
  });
});
