import { expect, test } from "@playwright/test";
import { signIn } from "../support/sign-in";

test("a supplier replies in the portal, the list beside the thread, with no internal-note control", async ({ page }) => {
  await page.setViewportSize({ width: 1280, height: 800 });
  const reply = `Dispatching today from Acme #${Date.now()}`;
  await signIn(page, "sid@demo.test");
  const list = page.getByRole("list", { name: "Conversations you take part in" });
  // The access policy: Sid's supplier fulfils ORD-1001 and ORD-1003, not ORD-1002.
  await expect(list.getByRole("link", { name: /ORD-1003/ })).toBeVisible();
  await expect(list.getByRole("link", { name: /ORD-1002/ })).toHaveCount(0);

  await list.getByRole("link", { name: /ORD-1001/ }).click();
  await expect(page).toHaveURL(/\/partner\/threads\/[0-9a-f-]{36}$/);
  await expect(page.getByRole("heading", { level: 1, name: "Order ORD-1001" })).toBeVisible();
  await expect(list.locator('[aria-current="page"]')).toContainText("ORD-1001");
  await expect(page.getByRole("checkbox", { name: /Internal note/ })).toHaveCount(0);
  await expect(page.getByRole("tab", { name: "Internal note" })).toHaveCount(0);
  await expect(page.getByText("Acme confirmed stock")).toHaveCount(0);

  // r goes to the reply box; n does nothing for a partner.
  await page.keyboard.press("r");
  const box = page.getByRole("textbox", { name: "Message", exact: true });
  await expect(box).toBeFocused();
  await page.keyboard.type(reply);
  await page.getByRole("button", { name: "Send" }).click();
  await expect(page.getByRole("list", { name: "Messages" }).getByText(reply)).toBeVisible();
  await expect(list.getByRole("link", { name: /ORD-1001/ })).toContainText(reply.slice(0, 20));
});
