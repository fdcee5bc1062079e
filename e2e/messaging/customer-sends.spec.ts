import { expect, test } from "@playwright/test";
import { signIn } from "../support/sign-in";

test("alice writes on ORD-1001, sees it in her thread, and an admin finds it in the inbox", async ({ browser }) => {
  // Markup in the text proves content is shown as text, exactly as sent.
  const text = `Could you gift-wrap it? <b>not bold</b> #${Date.now()}`;

  const alice = await (await browser.newContext()).newPage();
  await signIn(alice, "alice@demo.test");
  await alice.getByRole("link", { name: /ORD-1001/ }).click();
  await expect(alice).toHaveURL("/orders/ORD-1001/messages");
  const aliceMessages = alice.getByRole("list", { name: "Messages" });
  await expect(aliceMessages.getByText("Hi! Could you tell me when my order will ship?")).toBeVisible();
  // The seeded internal note on ORD-1001 is for admins only.
  await expect(alice.getByText("Acme confirmed stock")).toHaveCount(0);

  await alice.getByRole("textbox", { name: "Message", exact: true }).fill(text);
  await alice.getByRole("button", { name: "Send" }).click();
  await expect(aliceMessages.getByText(text, { exact: true })).toBeVisible();
  await expect(alice.getByRole("textbox", { name: "Message", exact: true })).toHaveValue("");

  const admin = await (await browser.newContext()).newPage();
  await signIn(admin, "admin@demo.test");
  await expect(admin.getByRole("list", { name: "All conversations" }).getByRole("link", { name: /ORD-1001/ })).toContainText(text);
  await admin.getByRole("link", { name: /ORD-1001/ }).click();
  await expect(admin).toHaveURL(/\/admin\/inbox\/[0-9a-f-]{36}$/);
  const adminMessages = admin.getByRole("list", { name: "Messages" });
  await expect(adminMessages.getByRole("article", { name: "Message from Alice Customer" }).last()).toContainText(text);
  await expect(adminMessages.getByText("Acme confirmed stock")).toBeVisible();
});

test("a customer's orders page lists each of their orders with its conversation, and no one else's", async ({ page }) => {
  await signIn(page, "alice@demo.test");
  const orders = page.getByRole("list", { name: "Your orders" });
  await expect(orders.getByRole("listitem")).toHaveCount(2);
  for (const orderNumber of ["ORD-1001", "ORD-1003"]) {
    const row = orders.getByRole("link", { name: new RegExp(orderNumber) });
    await expect(row).toContainText("order processing");
    await expect(row).toContainText(/conversation (open|closed)/);
  }
  await expect(orders).not.toContainText("ORD-1002");
  // The admin's internal note on ORD-1001 is never a customer's preview.
  await expect(orders).not.toContainText("Acme confirmed stock");
});
