import { expect, test } from "@playwright/test";
import { freshOrder } from "../support/fresh-order";
import { signIn } from "../support/sign-in";

test("a supplier replies in the portal, the list beside the thread, with no internal-note control", async ({ browser }) => {
  const stamp = Date.now();
  const reply = `Dispatching today from Globex #${stamp}`;
  const note = `Globex is slow this week #${stamp}`;
  // An order of its own (fulfilled by Globex), so replies here never reorder or reword the demo
  // threads other specs read: its customer writes, and the shop adds an internal note.
  const order = await freshOrder("portal");
  for (const [email, data] of [
    [order.customerEmail, { content: `Where is my parcel? #${stamp}` }],
    ["admin@demo.test", { content: note, isInternal: true }],
  ] as const) {
    const context = await browser.newContext();
    const writer = await context.newPage();
    await signIn(writer, email);
    expect((await writer.request.post(`/api/orders/${order.orderNumber}/messages`, { data })).status()).toBe(201);
    await context.close();
  }

  const page = await (await browser.newContext({ viewport: { width: 1280, height: 800 } })).newPage();
  await signIn(page, "sue@demo.test");
  const list = page.getByRole("list", { name: "Conversations you take part in" });
  // The access policy: Sue's supplier fulfils ORD-1002 and this order, not ORD-1001 or ORD-1003.
  await expect(list.getByRole("link", { name: /ORD-1002/ })).toBeVisible();
  await expect(list.getByRole("link", { name: /ORD-1001/ })).toHaveCount(0);
  await expect(list.getByRole("link", { name: /ORD-1003/ })).toHaveCount(0);

  await list.getByRole("link", { name: new RegExp(order.orderNumber) }).click();
  await expect(page).toHaveURL(/\/partner\/threads\/[0-9a-f-]{36}$/);
  await expect(page.getByRole("heading", { level: 1, name: `Order ${order.orderNumber}` })).toBeVisible();
  await expect(list.locator('[aria-current="page"]')).toContainText(order.orderNumber);
  await expect(page.getByRole("list", { name: "Messages" }).getByText(`Where is my parcel? #${stamp}`)).toBeVisible();
  await expect(page.getByRole("checkbox", { name: /Internal note/ })).toHaveCount(0);
  await expect(page.getByRole("tab", { name: "Internal note" })).toHaveCount(0);
  await expect(page.getByText(note)).toHaveCount(0);

  // r goes to the reply box; n does nothing for a partner.
  await page.keyboard.press("r");
  const box = page.getByRole("textbox", { name: "Message", exact: true });
  await expect(box).toBeFocused();
  await page.keyboard.type(reply);
  await page.getByRole("button", { name: "Send" }).click();
  await expect(page.getByRole("list", { name: "Messages" }).getByText(reply)).toBeVisible();
  // The list row says the last message is hers.
  await expect(list.getByRole("link", { name: new RegExp(order.orderNumber) })).toContainText(`You: ${reply.slice(0, 20)}`);
  await page.context().close();
});
