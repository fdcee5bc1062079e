import { expect, test } from "@playwright/test";
import postgres from "postgres";
import { e2eDatabase } from "../support/e2e-database";
import { freshOrder } from "../support/fresh-order";
import { signIn } from "../support/sign-in";
import { postWhatsApp } from "../support/whatsapp-webhook";

/**
 * A fresh order whose customer has a phone no other open order has, so a WhatsApp from it matches
 * that order by its sender (and nothing another spec writes on the demo orders changes the outcome).
 */
async function orderWithPhone(label: string) {
  const order = await freshOrder(label);
  const database = e2eDatabase();
  if (database.kind !== "postgres") throw new Error("needs PostgreSQL");
  const sql = postgres(database.url, { max: 1, onnotice: () => {} });
  try {
    for (;;) {
      const line = `01${String(10 + Math.floor(Math.random() * 50)).padStart(2, "0")}`;
      const [taken] = await sql`select 1 from orders where customer_phone = ${`+1 202-555-${line}`}`;
      if (taken) continue;
      await sql`update orders set customer_phone = ${`+1 202-555-${line}`} where order_number = ${order.orderNumber}`;
      return { ...order, waId: `1202555${line}` };
    }
  } finally {
    await sql.end();
  }
}

for (const width of [1280, 375] as const) {
  test(`at ${width} px a signed WhatsApp lands in the events log: filtered in the URL, verified, matched, raw payload and thread beside it`, async ({ page }) => {
    test.skip(e2eDatabase().kind !== "postgres", "sets up its order in the database: needs the Postgres e2e database");
    await page.setViewportSize({ width, height: width === 375 ? 812 : 900 });
    const order = await orderWithPhone(`LOG${width}`);
    const text = `Is it shipped yet? (${width}-${Date.now()})`;
    await postWhatsApp(page.request, order.waId, text, "Cora Conversation");

    await signIn(page, "admin@demo.test");
    await page.goto("/admin/webhooks");
    await expect(page.getByRole("heading", { level: 1, name: "Inbound events" })).toBeVisible();
    const filters = page.getByRole("form", { name: "Filter inbound events" });
    await filters.getByLabel("Channel").selectOption({ label: "WhatsApp" });
    await expect(page).toHaveURL(/[?&]channel=whatsapp/);
    await filters.getByLabel("Status").selectOption({ label: "Failed" });
    await expect(page).toHaveURL(/channel=whatsapp&status=failed/);
    const list = page.getByRole("list", { name: "Inbound events" });
    await expect(page.getByText(text)).toHaveCount(0);
    await filters.getByLabel("Status").selectOption({ label: "Matched" });
    await expect(page).toHaveURL(/channel=whatsapp&status=matched/);

    const row = list.getByRole("link").filter({ hasText: text });
    await expect(row).toContainText(`Cora Conversation +${order.waId}`);
    await expect(row).toContainText("matched");
    await expect(row).toContainText(order.orderNumber);
    await row.click();
    // The open event keeps the list's filters in its URL, so the way back returns to the same list.
    await expect(page).toHaveURL(/\/admin\/webhooks\/[0-9a-f-]{36}\?channel=whatsapp&status=matched$/);

    const pane = page.locator("[data-thread-pane]");
    await expect(pane.getByRole("heading", { level: 1, name: "WhatsApp message" })).toBeVisible();
    await expect(pane).toContainText("Signature verified (X-Hub-Signature-256");
    await expect(pane).toContainText(`Matched to ${order.orderNumber} by the sender’s phone or email`);
    // Pretty-printed: one key a line, indented.
    await expect(pane.getByRole("region", { name: "Raw payload" })).toContainText('"object": "whatsapp_business_account"');
    expect(await pane.getByLabel("Raw payload", { exact: true }).textContent()).toContain('\n  "object": "whatsapp_business_account",\n');
    await expect(pane.locator("time").first()).toHaveAttribute("title", /\d/);

    if (width === 375) {
      await expect(list).toBeHidden();
      await pane.getByRole("link", { name: "← Inbound events" }).click();
      await expect(page).toHaveURL(/\/admin\/webhooks\?channel=whatsapp&status=matched$/);
      await expect(row).toBeVisible();
      await row.click();
    } else {
      await expect(row).toHaveAttribute("aria-current", "page");
    }

    await pane.getByRole("link", { name: `Open the thread of ${order.orderNumber}` }).click();
    await expect(page.getByRole("heading", { level: 1, name: `Order ${order.orderNumber}` })).toBeVisible();
    await expect(page.locator("[data-thread-pane]").getByText(text)).toBeVisible();
  });
}

test("the events log says what to do when a filter finds nothing, and j/k move through its rows", async ({ page }) => {
  await signIn(page, "admin@demo.test");
  await page.goto("/admin/webhooks?channel=order_events&status=duplicate");
  await expect(page.getByText("No events match these filters.")).toBeVisible();
  await page.getByRole("link", { name: "show every event" }).click();
  await expect(page).toHaveURL(/\/admin\/webhooks$/);

  await postWhatsApp(page.request, "12025550166", `For the keyboard (${Date.now()})`);
  await page.reload();
  const rows = page.getByRole("list", { name: "Inbound events" }).getByRole("link");
  await expect(rows.first()).toBeVisible();
  await page.keyboard.press("j");
  await expect(rows.first()).toBeFocused();
  await page.keyboard.press("Enter");
  await expect(page).toHaveURL(/\/admin\/webhooks\/[0-9a-f-]{36}$/);
  await expect(page.getByRole("heading", { level: 1, name: "WhatsApp message" })).toBeVisible();
});
