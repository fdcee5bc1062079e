import { eq, sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { inboundEvents } from "~/server/db/schema";
import { startDeliveryWorker } from "~/server/delivery/run-delivery-worker";
import { testConfig, testWorkerOptions } from "~/server/delivery/test-support";
import { createTestDatabase, type TestDatabase } from "~/test/test-database";
import { INBOUND_MAX_ATTEMPTS } from "./process-inbound-event";
import { sweepInboundEvents } from "./sweep-inbound-events";
import { eventsOf, messagesOfOrder, messagesWithProviderId } from "./test-queries";
import { TEST_REPLY_DOMAIN, metaRequest } from "./test-requests";
import { metaJson, waChange, waMessage, waWebhook } from "./whatsapp/test-payloads";
import { whatsAppCall } from "./whatsapp/whatsapp-webhook";

const SECRET = "meta-app-secret-for-sweep";
const call = whatsAppCall(SECRET);
let t: TestDatabase;
let seq = 0;
const wamid = () => `wamid.HBgLMTIwMjU1NTAxMDIVAgASGBQzQUVCOTkSWEEP${(++seq).toString().padStart(6, "0")}AA==`;

beforeAll(async () => {
  t = await createTestDatabase();
});
afterAll(async () => t.close());

/**
 * What ingest-inbound-call.ts commits before it answers, and nothing after: the state a crash (or
 * the database going away) between storing and processing leaves behind.
 */
async function storeOnly(id: string, text: string, fields: Partial<typeof inboundEvents.$inferInsert> = {}) {
  const body = metaJson(waWebhook([[waChange({ messages: [waMessage({ id, from: "12025550102", text })] })]]));
  const [envelope] = await call.parse(Buffer.from(body), metaRequest(body, SECRET));
  const [row] = await t.db
    .insert(inboundEvents)
    .values({
      provider: "whatsapp",
      providerEventId: envelope!.providerEventId,
      kind: envelope!.parsed.kind,
      parsed: envelope!.parsed as Record<string, unknown>,
      rawBody: body,
      ...fields,
    })
    .returning();
  return row!;
}

const minutesAgo = (n: number) => new Date(Date.now() - n * 60_000);
const eventRow = async (id: string) => (await t.db.select().from(inboundEvents).where(eq(inboundEvents.id, id)))[0]!;

describe("the inbound sweep", () => {
  it("processes an event left `received` by a crash, once, and leaves a fresh one to its request", async () => {
    const stuckId = wamid();
    const freshId = wamid();
    const stuck = await storeOnly(stuckId, "Stored, then the process died", { receivedAt: minutesAgo(5) });
    const fresh = await storeOnly(freshId, "Its request is still processing it");

    const results = await sweepInboundEvents(t.db, { replyDomain: TEST_REPLY_DOMAIN });
    expect(results.map((r) => r.id)).toContain(stuck.id);
    expect(results.map((r) => r.id)).not.toContain(fresh.id);
    expect(await eventRow(stuck.id)).toMatchObject({ status: "matched", matchReason: "sender" });
    expect((await eventRow(fresh.id)).status).toBe("received");
    const [message] = await messagesWithProviderId(t.db, stuckId);
    expect(message).toMatchObject({ content: "Stored, then the process died", channel: "whatsapp", senderRole: "customer" });
    expect((await messagesOfOrder(t.db, "ORD-1002")).map((m) => m.id)).toContain(message!.id);

    // Swept again: nothing new.
    expect((await sweepInboundEvents(t.db, { replyDomain: TEST_REPLY_DOMAIN })).map((r) => r.id)).not.toContain(stuck.id);
    expect(await messagesWithProviderId(t.db, stuckId)).toHaveLength(1);
  });

  it("retries a transiently failed event once its retry time has come; never a final failure", async () => {
    const dueId = wamid();
    const laterId = wamid();
    const finalId = wamid();
    const due = await storeOnly(dueId, "Failed while the database restarted", {
      status: "failed",
      error: "Error: connection terminated",
      processAttempts: 1,
      retryAt: minutesAgo(1),
    });
    const later = await storeOnly(laterId, "Not yet", { status: "failed", processAttempts: 1, retryAt: new Date(Date.now() + 60_000) });
    const final = await storeOnly(finalId, "Out of attempts or refused", { status: "failed", processAttempts: INBOUND_MAX_ATTEMPTS, retryAt: null });

    const swept = (await sweepInboundEvents(t.db, { replyDomain: TEST_REPLY_DOMAIN })).map((r) => r.id);
    expect(swept).toContain(due.id);
    expect(swept).not.toContain(later.id);
    expect(swept).not.toContain(final.id);
    expect((await eventRow(due.id)).status).toBe("matched");
    expect(await messagesWithProviderId(t.db, dueId)).toHaveLength(1);
    expect((await eventRow(later.id)).status).toBe("failed");
    expect((await eventRow(final.id)).status).toBe("failed");
  });

  it("backs off a failure that keeps happening, and stops after INBOUND_MAX_ATTEMPTS", async () => {
    // A stored event whose parsed part no longer reads: processing throws a non-domain error every time.
    const broken = await storeOnly(wamid(), "x", { receivedAt: minutesAgo(5) });
    await t.db.update(inboundEvents).set({ parsed: { kind: "message", nonsense: true } }).where(eq(inboundEvents.id, broken.id));

    const waits: number[] = [];
    for (let attempt = 1; attempt <= INBOUND_MAX_ATTEMPTS; attempt++) {
      const before = Date.now();
      expect((await sweepInboundEvents(t.db)).map((r) => r.id)).toContain(broken.id);
      const row = await eventRow(broken.id);
      expect(row).toMatchObject({ status: "failed", processAttempts: attempt });
      if (attempt < INBOUND_MAX_ATTEMPTS) {
        expect(row.retryAt).not.toBeNull();
        waits.push(row.retryAt!.getTime() - before);
        // Not due yet: a sweep right now leaves it alone.
        expect((await sweepInboundEvents(t.db)).map((r) => r.id)).not.toContain(broken.id);
        await t.db.update(inboundEvents).set({ retryAt: sql`now() - interval '1 second'` }).where(eq(inboundEvents.id, broken.id));
      } else {
        expect(row.retryAt).toBeNull();
      }
    }
    // 30 s, 60 s, 120 s, 240 s (the database's clock, so allow a second either way).
    expect(waits.map((ms) => Math.round(ms / 1000))).toEqual([30, 60, 120, 240].map((s) => expect.closeTo(s, 1) as unknown as number));
    expect((await sweepInboundEvents(t.db)).map((r) => r.id)).not.toContain(broken.id);
  });

  it("runs inside the delivery worker's loop", async () => {
    const id = wamid();
    const stuck = await storeOnly(id, "Picked up by the worker", { receivedAt: minutesAgo(5) });
    const worker = startDeliveryWorker(() => Promise.resolve(t.db), testConfig(), { ...testWorkerOptions, inboundSweepMs: 10, inboundGraceMs: 60_000 });
    try {
      for (let i = 0; i < 100 && (await eventRow(stuck.id)).status === "received"; i++) await new Promise((r) => setTimeout(r, 50));
    } finally {
      await worker.stop();
    }
    expect((await eventRow(stuck.id)).status).toBe("matched");
    expect(await messagesWithProviderId(t.db, id)).toHaveLength(1);
    expect((await eventsOf(t.db, "whatsapp", `message:${id}`))[0]?.messageId).not.toBeNull();
  });
});
