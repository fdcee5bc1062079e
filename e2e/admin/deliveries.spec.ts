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

for (const width of [1280, 375] as const) {
  test(`at ${width} px an admin filters deliveries in the URL, reads a fallback's reason and a captured mail beside the list`, async ({ page }) => {
    test.skip(database.kind !== "postgres", "queues rows from the test process: needs the Postgres e2e database");
    await page.setViewportSize({ width, height: width === 375 ? 812 : 900 });
    const content = `Your parcel is on its way #${width}-${Date.now()}`;
    await queueAndDeliver(content);

    await signIn(page, "admin@demo.test");
    await page.goto("/admin/deliveries");
    await expect(page.getByRole("heading", { level: 1, name: "Deliveries" })).toBeVisible();
    const list = page.getByRole("list", { name: "Deliveries" });
    const fellBack = list.getByRole("link").filter({ hasText: `${content} (whatsapp)` });
    await expect(fellBack).toContainText("instead of WhatsApp");
    await expect(fellBack).toContainText("sent");

    const filters = page.getByRole("form", { name: "Filter deliveries" });
    await filters.getByLabel("Status").selectOption({ label: "Failed" });
    await expect(page).toHaveURL(/\/admin\/deliveries\?status=failed$/);
    await expect(list.getByRole("link").filter({ hasText: content })).toHaveCount(0);
    await filters.getByLabel("Status").selectOption({ label: "Any status" });
    await expect(page).toHaveURL(/\/admin\/deliveries$/);
    await filters.getByLabel("Channel").selectOption({ label: "Email" });
    await expect(page).toHaveURL(/\/admin\/deliveries\?channel=email$/);

    await fellBack.click();
    await expect(page).toHaveURL(/\/admin\/deliveries\/[0-9a-f-]{36}\?channel=email$/);
    const pane = page.locator("[data-thread-pane]");
    await expect(pane.getByRole("heading", { level: 1, name: "Email to ORD-1001’s customer" })).toBeVisible();
    await expect(pane).toContainText("Sent by Email instead of WhatsApp: WhatsApp is not configured");
    await expect(pane).toContainText("1 attempt");
    if (width === 375) {
      await expect(list).toBeHidden();
      await pane.getByRole("link", { name: "← Deliveries" }).click();
      await expect(page).toHaveURL(/\/admin\/deliveries\?channel=email$/);
    }

    await list.getByRole("link").filter({ hasText: `${content} (email)` }).click();
    const mail = pane.getByRole("region", { name: "Captured mail" });
    await expect(mail).toBeVisible();
    await expect(mail.getByText(/^(Re: )?Your order ORD-1001$/)).toBeVisible();
    await expect(mail.getByText(/^reply\+[0-9a-f]{32}@reply\.shop\.example$/)).toBeVisible();
    await expect(mail.getByText(`${content} (email)`).first()).toBeVisible();

    await pane.getByRole("link", { name: "Open the thread of ORD-1001" }).click();
    await expect(page.getByRole("heading", { level: 1, name: "Order ORD-1001" })).toBeVisible();
    await expect(page.locator("[data-thread-pane]").getByText(`${content} (email)`)).toBeVisible();
  });
}

test("the deliveries page is for admins only", async ({ page }) => {
  await signIn(page, "alice@demo.test");
  await page.goto("/admin/deliveries");
  await expect(page.getByRole("heading", { name: "This page is not for your account" })).toBeVisible();
  await expect(page.getByRole("list", { name: "Deliveries" })).toHaveCount(0);
});
