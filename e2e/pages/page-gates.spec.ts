import { expect, test } from "@playwright/test";
import { signIn } from "../support/sign-in";

/** Each surface turns away the roles it is not for, and a customer cannot tell another customer's order from none. */

test("a reseller opening the admin inbox is refused, with no thread data on the page", async ({ page }) => {
  await signIn(page, "rita@demo.test");
  for (const path of ["/admin", "/admin/inbox", "/admin/inbox?q=refund"]) {
    await page.goto(path);
    await expect(page.getByRole("heading", { level: 1, name: "This page is not for your account" })).toBeVisible();
    await expect(page.getByRole("link", { name: "Go to Partner threads" })).toHaveAttribute("href", "/partner");
    await expect(page.getByText("ORD-100")).toHaveCount(0);
  }
});

test("an admin opening the partner portal is refused", async ({ page }) => {
  await signIn(page, "admin@demo.test");
  await page.goto("/partner");
  await expect(page.getByRole("heading", { level: 1, name: "This page is not for your account" })).toBeVisible();
  await expect(page.getByRole("link", { name: "Go to Inbox" })).toHaveAttribute("href", "/admin/inbox");
  await expect(page.getByText("ORD-100")).toHaveCount(0);
});

test("a customer gets the same 404 for another customer's order as for a missing one", async ({ page }) => {
  await signIn(page, "alice@demo.test");
  // The page's content, not the header: the bell's live count may move between the two loads when
  // another spec writes to Alice's orders meanwhile.
  const foreign = await page.goto("/orders/ORD-1002/messages");
  const foreignText = await page.locator("main").innerText();
  const foreignPage = await page.locator("body").innerText();
  const missing = await page.goto("/orders/ORD-0000/messages");
  const missingText = await page.locator("main").innerText();
  expect(foreign?.status()).toBe(404);
  expect(missing?.status()).toBe(404);
  expect(foreignText.replaceAll("ORD-1002", "ORD-X")).toBe(missingText.replaceAll("ORD-0000", "ORD-X"));
  expect(foreignText).not.toMatch(/Bob|globex|shipped/i);
  expect(foreignPage).not.toMatch(/Bob|globex|shipped/i);
  // Her own order opens.
  expect((await page.goto("/orders/ORD-1001/messages"))?.status()).toBe(200);
});
