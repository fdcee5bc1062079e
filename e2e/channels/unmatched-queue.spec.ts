import { expect, test, type Page } from "@playwright/test";
import { signIn } from "../support/sign-in";
import { metaCall, postWhatsApp } from "../support/whatsapp-webhook";

const STRANGER = "12025550166";

/** The queue's item carrying `text`, opened beside (or, on a phone, instead of) the list. */
async function openQueued(page: Page, text: string) {
  await page.goto("/admin/webhooks/unmatched");
  await expect(page.getByRole("heading", { level: 1, name: "Unmatched messages" })).toBeVisible();
  const row = page.getByRole("list", { name: "Unmatched messages" }).getByRole("link").filter({ hasText: text });
  await expect(row).toContainText("Walk-in Customer +12025550166");
  await row.click();
  await expect(page.getByRole("heading", { level: 1, name: "WhatsApp message" })).toBeVisible();
  return row;
}

test("a signed WhatsApp from an unknown number waits in the queue; a stranger's forgery stores nothing", async ({ request }) => {
  const check = await request.get("/api/webhooks/whatsapp?hub.mode=subscribe&hub.verify_token=e2e-whatsapp-verify-token&hub.challenge=4242");
  expect(await check.text()).toBe("4242");
  const { body } = metaCall(`wamid.FORGED${Date.now()}`, STRANGER, "forged");
  const forged = await request.post("/api/webhooks/whatsapp", { data: body, headers: { "Content-Type": "application/json", "X-Hub-Signature-256": `sha256=${"0".repeat(64)}` } });
  expect(forged.status()).toBe(401);
  // A channel without its secret says so.
  expect((await request.post("/api/webhooks/sms", { form: { Body: "x" } })).status()).toBe(503);
});

for (const width of [1280, 375] as const) {
  test(`at ${width} px an admin assigns an unmatched WhatsApp to its order from the queue, and it appears in the thread`, async ({ page }, testInfo) => {
    await page.setViewportSize({ width, height: width === 375 ? 812 : 900 });
    const text = `Hi, this is about my parcel (${width}-${Date.now()}${testInfo.retry})`;
    await postWhatsApp(page.request, STRANGER, text);
    await signIn(page, "admin@demo.test");
    const row = await openQueued(page, text);

    const pane = page.locator("[data-thread-pane]");
    if (width === 375) {
      // Below 1024 px the message replaces the list, with a way back to it.
      await expect(row).toBeHidden();
      await expect(pane.getByRole("link", { name: "← Unmatched messages" })).toBeVisible();
    } else {
      await expect(row).toHaveAttribute("aria-current", "page");
    }
    await expect(pane.getByText(text, { exact: true })).toBeVisible();
    await expect(pane.getByRole("region", { name: "Message" })).toContainText("WhatsApp");

    // The order number is checked before and by the server, and the reason shows beside the field.
    const orderNumber = pane.getByRole("textbox", { name: "Order number" });
    const assign = pane.getByRole("button", { name: "Assign to order" });
    await assign.click();
    await expect(pane.getByRole("alert")).toHaveText(/Enter the order number/);
    await expect(orderNumber).toHaveAttribute("aria-invalid", "true");
    await orderNumber.fill("ORD-9999");
    await assign.click();
    await expect(pane.getByRole("alert")).toHaveText("There is no order ORD-9999. Check the number and try again.");
    await orderNumber.fill("ORD-1001");
    await assign.click();

    // The pane now says where it went and links to that thread.
    await expect(pane.getByText("Matched to ORD-1001 by an admin’s assignment.")).toBeVisible();
    await pane.getByRole("link", { name: "Open the thread of ORD-1001" }).click();
    await expect(page).toHaveURL(/\/admin\/inbox\/[0-9a-f-]{36}\?message=/);
    await expect(page.getByRole("heading", { level: 1, name: "Order ORD-1001" })).toBeVisible();
    await expect(page.locator("[data-thread-pane]").getByText(text, { exact: true })).toBeVisible();

    // It has left the queue.
    await page.goto("/admin/webhooks/unmatched");
    await expect(page.getByRole("heading", { level: 1, name: "Unmatched messages" })).toBeVisible();
    await expect(page.getByText(text)).toHaveCount(0);

    // Once, as the customer's WhatsApp message.
    const thread = await page.request.get("/api/orders/ORD-1001/messages?limit=100");
    const { messages } = (await thread.json()) as { messages: { content: string; channel: string; senderRole: string }[] };
    expect(messages.filter((m) => m.content === text)).toEqual([expect.objectContaining({ channel: "whatsapp", senderRole: "customer" })]);
  });
}
