import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { deliveries } from "~/server/db/schema";
import { createTestDatabase, type TestDatabase } from "~/test/test-database";
import { applyDeliveryStatus } from "./apply-delivery-status";
import { deliveryRow, queueStaffReply } from "./test-support";

let t: TestDatabase;
beforeAll(async () => {
  t = await createTestDatabase();
});
afterAll(async () => {
  await t.close();
});

/** A delivery as the worker leaves it after the provider accepted it. */
async function sentDelivery(channel: "sms" | "whatsapp", providerMessageId: string) {
  const queued = await queueStaffReply(t, { channel });
  await t.db
    .update(deliveries)
    .set({ status: "sent", attempts: 1, providerMessageId, sentAt: new Date() })
    .where(eq(deliveries.id, queued.delivery.id));
  return queued.delivery.id;
}

const at = (seconds: number) => new Date(Date.UTC(2026, 10, 29, 12, 0, seconds));

describe("applyDeliveryStatus", () => {
  it("Twilio callbacks move an SMS forward: queued changes nothing, delivered marks it delivered", async () => {
    const sid = "SM1a2b3c4d5e6f7a8b9c0d1e2f3a4b5c6d";
    const id = await sentDelivery("sms", sid);
    expect(await applyDeliveryStatus(t.db, { provider: "twilio", providerMessageId: sid, status: "queued", at: at(1) })).toEqual({
      found: true,
      changed: false,
      status: "sent",
    });
    expect(await applyDeliveryStatus(t.db, { provider: "twilio", providerMessageId: sid, status: "delivered", at: at(3) })).toEqual({
      found: true,
      changed: true,
      status: "delivered",
    });
    const row = await deliveryRow(t, id);
    expect(row.status).toBe("delivered");
    expect(row.providerStatusAt?.toISOString()).toBe(at(3).toISOString());
  });

  it("late or repeated callbacks never move a status backwards", async () => {
    const wamid = "wamid.HBgLMTIwMjU1NTAxMDEVAgARGBI5QTNDQTVCM0Q0Q0Q2RTY3RTcA";
    const id = await sentDelivery("whatsapp", wamid);
    await applyDeliveryStatus(t.db, { provider: "whatsapp", providerMessageId: wamid, status: "read", at: at(9) });
    const late = await applyDeliveryStatus(t.db, { provider: "whatsapp", providerMessageId: wamid, status: "sent", at: at(2) });
    expect(late).toEqual({ found: true, changed: false, status: "delivered" });
    const failedAfter = await applyDeliveryStatus(t.db, { provider: "whatsapp", providerMessageId: wamid, status: "failed", at: at(10) });
    expect(failedAfter.changed).toBe(false);
    expect((await deliveryRow(t, id)).status).toBe("delivered");
  });

  it("a failure records the provider's reason", async () => {
    const sid = "SM2b3c4d5e6f7a8b9c0d1e2f3a4b5c6d7e";
    const id = await sentDelivery("sms", sid);
    const result = await applyDeliveryStatus(t.db, {
      provider: "twilio",
      providerMessageId: sid,
      status: "undelivered",
      error: "30003 Unreachable destination handset",
      at: at(5),
    });
    expect(result).toEqual({ found: true, changed: true, status: "failed" });
    expect((await deliveryRow(t, id)).lastError).toBe('Twilio reported "undelivered": 30003 Unreachable destination handset');
  });

  it("matches only its own channel and an id we recorded", async () => {
    const sid = "SM3c4d5e6f7a8b9c0d1e2f3a4b5c6d7e8f";
    const id = await sentDelivery("sms", sid);
    expect(await applyDeliveryStatus(t.db, { provider: "whatsapp", providerMessageId: sid, status: "delivered", at: at(1) })).toEqual({
      found: false,
      changed: false,
      status: null,
    });
    expect((await applyDeliveryStatus(t.db, { provider: "twilio", providerMessageId: "SMunknown", status: "delivered", at: at(1) })).found).toBe(false);
    expect((await applyDeliveryStatus(t.db, { provider: "twilio", providerMessageId: sid, status: "no-such-word", at: at(1) })).changed).toBe(false);
    expect((await deliveryRow(t, id)).status).toBe("sent");
  });
});
