import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { notifications } from "~/server/db/schema";
import { defaultDigestOptions } from "~/server/delivery/delivery-config";
import { queueDueDigests } from "~/server/delivery/queue-digests";
import { runDeliveryBatch } from "~/server/delivery/run-delivery-worker";
import { queueStaffReply, testConfig, testWorkerOptions } from "~/server/delivery/test-support";
import { callerFor } from "~/test/messaging-fixtures";
import { createTestDatabase, type TestDatabase } from "~/test/test-database";
import { trpcCodeOf } from "~/test/trpc-code";

let t: TestDatabase;
let captured: Awaited<ReturnType<typeof queueStaffReply>>;
let fellBack: Awaited<ReturnType<typeof queueStaffReply>>;
let refused: Awaited<ReturnType<typeof queueStaffReply>>;

beforeAll(async () => {
  t = await createTestDatabase();
  captured = await queueStaffReply(t, { channel: "email", content: "Captured <b>not</b> rendered" });
  fellBack = await queueStaffReply(t, { channel: "whatsapp" });
  refused = await queueStaffReply(t, { channel: "email", isInternal: true });
  // Development without SMTP_URL or WhatsApp: mail captured, WhatsApp falls back to (captured) email.
  await runDeliveryBatch(t.db, testConfig({ smtpUrl: null }), testWorkerOptions);
});
afterAll(async () => {
  await t.close();
});

describe("deliveries router (admins)", () => {
  it("lists each delivery with its status, attempts and the reason for a fallback or a refusal", async () => {
    const { deliveries } = await callerFor(t, "admin@demo.test").deliveries.list({});
    const byId = new Map(deliveries.map((d) => [d.id, d]));
    expect(byId.get(captured.delivery.id)).toMatchObject({
      status: "sent",
      channel: "email",
      attempts: 1,
      hasCapturedMail: true,
      orderNumber: captured.orderNumber,
      preview: "Captured <b>not</b> rendered",
    });
    expect(byId.get(fellBack.delivery.id)).toMatchObject({
      status: "sent",
      channel: "email",
      fallbackFrom: "whatsapp",
      fallbackReason: "WhatsApp is not configured (WHATSAPP_* unset)",
    });
    expect(byId.get(refused.delivery.id)).toMatchObject({ status: "cancelled", lastError: expect.stringContaining("Internal") as string });
  });

  it("filters by status and pages newest first with a cursor", async () => {
    const admin = callerFor(t, "admin@demo.test");
    const cancelled = await admin.deliveries.list({ status: "cancelled" });
    expect(cancelled.deliveries.map((d) => d.id)).toEqual([refused.delivery.id]);

    const first = await admin.deliveries.list({ limit: 2 });
    expect(first.deliveries.map((d) => d.id)).toEqual([refused.delivery.id, fellBack.delivery.id]);
    const second = await admin.deliveries.list({ limit: 2, cursor: first.nextCursor });
    expect(second.deliveries.map((d) => d.id)).toEqual([captured.delivery.id]);
    expect(second.nextCursor).toBeNull();
    expect(await trpcCodeOf(admin.deliveries.list({ cursor: "not-a-cursor" }))).toBe("BAD_REQUEST");
  });

  it("filters by channel, and reads one delivery as the list shows it", async () => {
    const admin = callerFor(t, "admin@demo.test");
    // The WhatsApp reply fell back to email: it is an email delivery now.
    expect((await admin.deliveries.list({ channel: "email" })).deliveries.map((d) => d.id)).toEqual([
      refused.delivery.id,
      fellBack.delivery.id,
      captured.delivery.id,
    ]);
    expect((await admin.deliveries.list({ channel: "whatsapp" })).deliveries).toEqual([]);
    expect((await admin.deliveries.list({ channel: "email", status: "cancelled" })).deliveries.map((d) => d.id)).toEqual([refused.delivery.id]);
    expect(await trpcCodeOf(admin.deliveries.list({ channel: "in_app" as "email" }))).toBe("BAD_REQUEST");

    const listed = (await admin.deliveries.list({})).deliveries.find((d) => d.id === fellBack.delivery.id);
    expect(await admin.deliveries.get({ deliveryId: fellBack.delivery.id })).toEqual(listed);
    expect(await trpcCodeOf(admin.deliveries.get({ deliveryId: crypto.randomUUID() }))).toBe("NOT_FOUND");
  });

  it("shows a captured mail with its headers; a delivery without one is a 404", async () => {
    const admin = callerFor(t, "admin@demo.test");
    const mail = await admin.deliveries.capturedMail({ deliveryId: captured.delivery.id });
    expect(mail.subject).toBe(`Your order ${captured.orderNumber}`);
    expect(mail.replyTo).toContain(`reply+${captured.thread.replyToken}@`);
    expect(mail.text).toContain("Captured <b>not</b> rendered");
    expect(mail.messageId).toMatch(/^<delivery\./);
    expect(mail.raw).toContain(mail.messageId);
    expect(await trpcCodeOf(admin.deliveries.capturedMail({ deliveryId: refused.delivery.id }))).toBe("NOT_FOUND");
  });

  it("lists a notification digest as whom it is for and how many notifications it holds, with its captured mail", async () => {
    const admin = t.actor("admin@demo.test");
    await t.db.insert(notifications).values({
      userId: admin.id,
      storeId: captured.storeId,
      threadId: captured.thread.id,
      messageId: captured.message.id,
      kind: "message",
      title: "A reply",
      createdAt: new Date(Date.now() - 10 * 60_000),
    });
    await queueDueDigests(t.db, async () => new Set(), defaultDigestOptions);
    await runDeliveryBatch(t.db, testConfig({ smtpUrl: null }), testWorkerOptions);

    const [digest] = (await callerFor(t, admin).deliveries.list({ limit: 1 })).deliveries;
    expect(digest).toMatchObject({
      kind: "digest",
      status: "sent",
      recipient: "admin@demo.test",
      orderNumber: null,
      threadId: null,
      hasCapturedMail: true,
      preview: expect.stringMatching(/^Digest for Ada Admin: \d+ notification\(s\)$/) as string,
    });
    const mail = await callerFor(t, admin).deliveries.capturedMail({ deliveryId: digest!.id });
    expect(mail.text).toContain(`/admin/inbox/${captured.thread.id}`);
  });

  it("refuses every other role (403), including the order's own customer", async () => {
    for (const who of ["alice@demo.test", "rita@demo.test", "sid@demo.test"]) {
      expect(await trpcCodeOf(callerFor(t, who).deliveries.list({}))).toBe("FORBIDDEN");
      expect(await trpcCodeOf(callerFor(t, who).deliveries.get({ deliveryId: captured.delivery.id }))).toBe("FORBIDDEN");
      expect(await trpcCodeOf(callerFor(t, who).deliveries.capturedMail({ deliveryId: captured.delivery.id }))).toBe("FORBIDDEN");
    }
    expect(await trpcCodeOf(callerFor(t, captured.customer).deliveries.capturedMail({ deliveryId: captured.delivery.id }))).toBe(
      "FORBIDDEN",
    );
  });
});
