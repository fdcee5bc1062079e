import { expect, type Page, test } from "@playwright/test";
import { signIn } from "../support/sign-in";

async function visibleMain(page: Page, path: string) {
  const response = await page.goto(path);
  await expect(page.getByRole("heading", { level: 1 })).toBeVisible();
  return { status: response?.status(), title: await page.title(), main: await page.getByRole("main").innerText() };
}

test("another customer's order looks exactly like one that does not exist, with a way back home", async ({ page }) => {
  await signIn(page, "alice@demo.test");
  // ORD-1002 exists (Bob's); ORD-9999 does not. Alice must not be able to tell them apart.
  const foreign = await visibleMain(page, "/orders/ORD-1002/messages");
  const missing = await visibleMain(page, "/orders/ORD-9999/messages");
  expect(foreign).toEqual(missing);
  expect(foreign.status).toBe(404);
  await expect(page.getByRole("heading", { level: 1, name: "We can’t find that page" })).toBeVisible();
  await expect(page.getByText("ORD-9999")).toHaveCount(0);

  await page.getByRole("main").getByRole("link", { name: "Go to My orders" }).click();
  await expect(page).toHaveURL(/\/orders$/);
  await expect(page.getByRole("heading", { level: 1, name: "Your orders" })).toBeVisible();
});

test("a signed-out visitor on an unknown page is offered the sign-in page", async ({ page }) => {
  const response = await page.goto("/no-such-page");
  expect(response?.status()).toBe(404);
  await expect(page.getByRole("heading", { level: 1, name: "We can’t find that page" })).toBeVisible();
  await page.getByRole("link", { name: "Go to sign in" }).click();
  await expect(page).toHaveURL(/\/login$/);
});
