import { expect, test } from "@playwright/test";
import { and, eq } from "drizzle-orm";
import { connectPostgres } from "../../src/server/db/client";
import { deliveries, messages, orders, threads } from "../../src/server/db/schema";
import { runDeliveryBatch } from "../../src/server/delivery/run-delivery-worker";
import { e2eDatabase } from "../support/e2e-database";
import { signIn } from "../support/sign-in";

const database = e2eDatabase();

/**
 * Queues two replies on ORD-1001 as the send core does (one by email, one by WhatsApp) and runs
 * one worker round as development runs it (no SMTP_URL: captured; no WhatsApp: email instead).
 * Needs the Postgres e2e database: the PGlite one is held by the server process.
 */
async function queueAndDeliver(content: string) {
  if (database.kind !== "postgres") throw new Error("needs the Postgres e2e database");
  const handle = connectPostgres(database.url, { max: 2 });
  try {
    const [thread] = await handle.db
      .select({ id: threads.id, storeId: threads.storeId, email: orders.customerEmail, phone: orders.customerPhone })
      .from(threads)
      .innerJoin(orders, eq(orders.id, threads.orderId))
      .where(and(eq(orders.orderNumber, "ORD-1001")));
    if (!thread) throw new Error("no ORD-1001 thread");
    const ids: string[] = [];
    for (const channel of ["email", "whatsapp"] as const) {
      const [message] = await handle.db
        .insert(messages)
        .values({ storeId: thread.storeId, threadId: thread.id, senderRole: "admin", senderName: "Ada Admin", content: `${content} (${channel})` })
        .returning();
      const [delivery] = await handle.db
        .insert(deliveries)
        .values({ storeId: thread.storeId, messageId: message!.id, channel, recipient: channel === "email" ? thread.email : thread.phone! })
        .returning();
      ids.push(delivery!.id);
    }
    const config = {
      appUrl: "http://localhost",
      realtime: null,
      email: { smtpUrl: null, captureWithoutSmtp: true, from: "Orderline <no-reply@shop.example>", replyDomain: "reply.shop.example" },
      whatsapp: null,
      sms: null,
    };
    await runDeliveryBatch(handle.db, config, { batchSize: 50, leaseMs: 60_000, maxAttempts: 3, baseDelayMs: 1000, maxDelayMs: 60_000, pollMs: 50 });
    return ids;
  } finally {
    await handle.close();
  }
}

test("an admin sees each delivery's status and fallback reason, and reads a captured mail", async ({ page }) => {
  test.skip(database.kind !== "postgres", "queues rows from the test process: needs the Postgres e2e database");
  const content = `Your parcel is on its way #${Date.now()}`;
  await queueAndDeliver(content);

  await signIn(page, "admin@demo.test");
  await page.goto("/admin/deliveries");
  await expect(page.getByRole("heading", { name: "Deliveries" })).toBeVisible();
  const fellBack = page.getByRole("row").filter({ hasText: `${content} (whatsapp)` });
  await expect(fellBack).toContainText("email (instead of whatsapp)");
  await expect(fellBack).toContainText("Fell back: WhatsApp is not configured");
  await expect(fellBack).toContainText("sent");

  await page.getByRole("link", { name: "failed" }).click();
  await expect(page.getByRole("row").filter({ hasText: content })).toHaveCount(0);
  await page.getByRole("link", { name: "all" }).click();

  await page.getByRole("row").filter({ hasText: `${content} (email)` }).getByRole("link", { name: "View captured mail" }).click();
  await expect(page.getByRole("heading", { name: "Captured mail" })).toBeVisible();
  await expect(page.getByText("Your order ORD-1001", { exact: true })).toBeVisible();
  await expect(page.getByText(/^reply\+[0-9a-f]{32}@reply\.shop\.example$/)).toBeVisible();
  await expect(page.getByText(`${content} (email)`).first()).toBeVisible();
});

test("the deliveries page is for admins only", async ({ page }) => {
  await signIn(page, "alice@demo.test");
  await page.goto("/admin/deliveries");
  await expect(page.getByRole("heading", { name: "Deliveries" })).toHaveCount(0);
  await expect(page.getByRole("table")).toHaveCount(0);
});
