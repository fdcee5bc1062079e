import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { eq } from "drizzle-orm";
import { simpleParser } from "mailparser";
import { deliveries, messages } from "~/server/db/schema";
import { createTestDatabase, type TestDatabase } from "~/test/test-database";
import { runDeliveryBatch } from "./run-delivery-worker";
import { closeEmailTransports } from "./send-email";
import { deliveryRow, makeDue, queueStaffReply, startSmtpServer, testConfig, testWorkerOptions } from "./test-support";

let t: TestDatabase;
let smtp: Awaited<ReturnType<typeof startSmtpServer>>;

beforeAll(async () => {
  t = await createTestDatabase();
  smtp = await startSmtpServer({ reject: (to) => (to.startsWith("gone-") ? 550 : to.startsWith("busy-") ? 451 : null) });
});
afterAll(async () => {
  closeEmailTransports();
  await smtp.close();
  await t.close();
});

const mailTo = (address: string) => smtp.received.filter((mail) => mail.envelopeTo.includes(address));

describe("email deliveries through a real SMTP server", () => {
  it("sends the reply with a recorded Message-ID, the thread's Reply-To, and the order number in the subject", async () => {
    const queued = await queueStaffReply(t, { channel: "email", content: "Grüße — your parcel left today.\nLine two" });
    const report = await runDeliveryBatch(t.db, testConfig({ smtpUrl: smtp.url }), testWorkerOptions);
    expect(report.sent).toBeGreaterThanOrEqual(1);

    const row = await deliveryRow(t, queued.delivery.id);
    expect(row.status).toBe("sent");
    expect(row.attempts).toBe(1);
    expect(row.sentAt).not.toBeNull();
    expect(row.providerMessageId).toBe(`<delivery.${row.id}@reply.shop.example>`);

    const [mail] = mailTo(queued.customerEmail);
    expect(mail).toBeDefined();
    expect(mail!.parsed.messageId).toBe(row.providerMessageId);
    expect(mail!.parsed.subject).toBe(`Your order ${queued.orderNumber}`);
    expect(mail!.parsed.replyTo?.value[0]?.address).toBe(`reply+${queued.thread.replyToken}@reply.shop.example`);
    expect(mail!.parsed.from?.value[0]?.address).toBe("no-reply@shop.example");
    expect(mail!.parsed.text).toContain("Grüße — your parcel left today.\nLine two");
    expect(mail!.parsed.text).toContain("Ada from Support");
    expect(mail!.parsed.inReplyTo).toBeUndefined();
  });

  it("threads a reply under the customer's mails and our earlier ones (In-Reply-To, References)", async () => {
    const hour = 60 * 60 * 1000;
    const queued = await queueStaffReply(t, {
      channel: "email",
      customerMessages: [{ channel: "email", at: new Date(Date.now() - 3 * hour), providerMessageId: "<CAF=first@mail.gmail.com>" }],
    });
    await runDeliveryBatch(t.db, testConfig({ smtpUrl: smtp.url }), testWorkerOptions);
    const first = await deliveryRow(t, queued.delivery.id);

    // A second staff reply on the same thread, queued after the first went out.
    const [second] = await t.db
      .insert(messages)
      .values({ storeId: queued.storeId, threadId: queued.thread.id, senderRole: "admin", senderName: "Ada", content: "Follow-up" })
      .returning();
    const [secondDelivery] = await t.db
      .insert(deliveries)
      .values({ storeId: queued.storeId, messageId: second!.id, channel: "email", recipient: queued.customerEmail })
      .returning();
    await runDeliveryBatch(t.db, testConfig({ smtpUrl: smtp.url }), testWorkerOptions);

    const mails = mailTo(queued.customerEmail);
    expect(mails).toHaveLength(2);
    expect(mails[0]!.parsed.inReplyTo).toBe("<CAF=first@mail.gmail.com>");
    const later = mails[1]!.parsed;
    expect(later.subject).toBe(`Re: Your order ${queued.orderNumber}`);
    expect(later.inReplyTo).toBe(first.providerMessageId);
    expect(later.references).toEqual(["<CAF=first@mail.gmail.com>", first.providerMessageId]);
    expect(later.messageId).toBe((await deliveryRow(t, secondDelivery!.id)).providerMessageId);
  });

  it("retries a refused-for-now recipient (SMTP 451) with exponential backoff, then fails it with the reason", async () => {
    const queued = await queueStaffReply(t, { channel: "email" });
    await t.db.update(deliveries).set({ recipient: "busy-customer@test.example" }).where(eq(deliveries.id, queued.delivery.id));
    const options = { ...testWorkerOptions, baseDelayMs: 10_000, maxDelayMs: 1_000_000 };

    const waits: number[] = [];
    for (let attempt = 1; attempt <= 3; attempt++) {
      const before = Date.now();
      await runDeliveryBatch(t.db, testConfig({ smtpUrl: smtp.url }), options);
      const row = await deliveryRow(t, queued.delivery.id);
      expect(row.attempts).toBe(attempt);
      expect(row.lastError).toMatch(/451|refused/);
      if (attempt < 3) {
        expect(row.status).toBe("pending");
        waits.push(row.nextAttemptAt.getTime() - before);
        await makeDue(t, queued.delivery.id);
      } else {
        expect(row.status).toBe("failed");
        expect(row.lastError).toContain("gave up after 3 attempts");
      }
    }
    // 10 s then 20 s, each ±20 %.
    expect(waits[0]).toBeGreaterThan(7_500);
    expect(waits[0]).toBeLessThan(12_500);
    expect(waits[1]).toBeGreaterThan(15_500);
    expect(waits[1]).toBeLessThan(24_500);
    expect(mailTo("busy-customer@test.example")).toHaveLength(0);
  });

  it("fails a permanently refused mailbox (SMTP 550) at once, with the server's reason", async () => {
    const queued = await queueStaffReply(t, { channel: "email" });
    await t.db.update(deliveries).set({ recipient: "gone-customer@test.example" }).where(eq(deliveries.id, queued.delivery.id));
    await runDeliveryBatch(t.db, testConfig({ smtpUrl: smtp.url }), testWorkerOptions);
    const row = await deliveryRow(t, queued.delivery.id);
    expect(row.status).toBe("failed");
    expect(row.attempts).toBe(1);
    expect(row.lastError).toMatch(/^SMTP: .*550/);
  });

  it("without SMTP_URL in development captures the mail in the delivery row instead of sending it", async () => {
    const queued = await queueStaffReply(t, { channel: "email", content: "Captured, not sent" });
    const before = smtp.received.length;
    await runDeliveryBatch(t.db, testConfig({ smtpUrl: null }), testWorkerOptions);
    const row = await deliveryRow(t, queued.delivery.id);
    expect(row.status).toBe("sent");
    expect(smtp.received.length).toBe(before);
    const parsed = await simpleParser(row.capturedMail!);
    expect(parsed.messageId).toBe(row.providerMessageId);
    expect(parsed.text).toContain("Captured, not sent");
    expect(parsed.to && !Array.isArray(parsed.to) ? parsed.to.value[0]?.address : null).toBe(queued.customerEmail);
  });

  it("without SMTP_URL in production fails the delivery with a reason instead of losing it silently", async () => {
    const queued = await queueStaffReply(t, { channel: "email" });
    const config = testConfig({ smtpUrl: null });
    config.email.captureWithoutSmtp = false;
    await runDeliveryBatch(t.db, config, testWorkerOptions);
    const row = await deliveryRow(t, queued.delivery.id);
    expect(row.status).toBe("failed");
    expect(row.lastError).toContain("SMTP_URL");
  });

  it("never sends an internal note or echoes a customer's mail back to them", async () => {
    const note = await queueStaffReply(t, { channel: "email", isInternal: true });
    const echo = await queueStaffReply(t, { channel: "email", echoOfCustomerMessage: true });
    await runDeliveryBatch(t.db, testConfig({ smtpUrl: smtp.url }), testWorkerOptions);
    const noteRow = await deliveryRow(t, note.delivery.id);
    const echoRow = await deliveryRow(t, echo.delivery.id);
    expect(noteRow.status).toBe("cancelled");
    expect(noteRow.lastError).toMatch(/Internal notes/);
    expect(echoRow.status).toBe("cancelled");
    expect(echoRow.lastError).toMatch(/not echoed/);
    expect(mailTo(note.customerEmail)).toHaveLength(0);
    expect(mailTo(echo.customerEmail)).toHaveLength(0);
  });
});
