import { expect, test } from "@playwright/test";
import { signIn } from "../support/sign-in";

test("a search hit opens its thread at that message, marked, with the results still beside it", async ({ page }) => {
  await page.setViewportSize({ width: 1280, height: 800 });
  await signIn(page, "admin@demo.test");
  const search = page.getByRole("searchbox", { name: "Search" });
  // Enabled once the page is hydrated, and with it the shortcuts.
  await expect(search).toBeEnabled();
  await page.keyboard.press("/");
  await expect(search).toBeFocused();
  await search.fill("warehouse");
  await page.keyboard.press("Enter");

  const results = page.getByRole("list", { name: "Search results" });
  const group = results.getByRole("list", { name: "Matches in ORD-1001" });
  const hit = group.getByRole("link").filter({ hasText: /warehouse/ }).first();
  await expect(hit).toBeVisible();
  await hit.click();

  await expect(page).toHaveURL(/\/admin\/inbox\/[0-9a-f-]{36}\?q=warehouse&message=[0-9a-f-]{36}$/);
  await expect(page.getByRole("heading", { level: 1, name: "Order ORD-1001" })).toBeVisible();
  const marked = page.locator('ol[aria-label="Messages"] > li[data-search-hit]');
  await expect(marked).toHaveCount(1);
  await expect(marked).toContainText("warehouse");
  await expect(marked).toBeInViewport();
  // The search stays in the list pane, the opened hit marked there too.
  await expect(results.locator('[aria-current="location"]')).toContainText("warehouse");
  await expect(search).toHaveValue("warehouse");
});

test("at 375 px the panes collapse to list, then thread with a working way back", async ({ page }) => {
  await page.setViewportSize({ width: 375, height: 740 });
  await signIn(page, "admin@demo.test");
  const list = page.getByRole("list", { name: "All conversations" });
  await expect(list).toBeVisible();
  // Filters fold away above the list.
  await expect(page.getByRole("combobox", { name: "Conversation" })).toBeHidden();
  await page.getByRole("button", { name: /^Filters/ }).click();
  await expect(page.getByRole("combobox", { name: "Conversation" })).toBeVisible();

  await list.getByRole("link", { name: /ORD-1002/ }).click();
  await expect(page.getByRole("heading", { level: 1, name: "Order ORD-1002" })).toBeVisible();
  await expect(list).toBeHidden();
  await expect(page.getByRole("search", { name: "Search messages" })).toBeHidden();
  // One connection status on the page, the thread's (the list's keeps listening, hidden).
  await expect(page.getByRole("status", { name: "Live updates" })).toHaveCount(1);
  // The order facts come with the thread.
  await expect(page.getByRole("complementary", { name: "Order details" })).toContainText("bob@demo.test");
  const noSideways = await page.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth);
  expect(noSideways).toBe(true);

  await page.getByRole("link", { name: "← Inbox" }).click();
  await expect(page).toHaveURL(/\/admin\/inbox$/);
  await expect(list).toBeVisible();
  await expect(page.getByRole("heading", { level: 1, name: "Order ORD-1002" })).toHaveCount(0);
});

test("the order panel lists the customer's other orders, each opening its conversation", async ({ page }) => {
  await page.setViewportSize({ width: 1280, height: 800 });
  await signIn(page, "admin@demo.test");
  await page.getByRole("list", { name: "All conversations" }).getByRole("link", { name: /ORD-1001/ }).click();
  const panel = page.getByRole("complementary", { name: "Order details" });
  await expect(panel).toContainText("alice@demo.test");
  await expect(panel).toContainText("Acme");
  await panel.getByRole("link", { name: "ORD-1003" }).click();
  await expect(page.getByRole("heading", { level: 1, name: "Order ORD-1003" })).toBeVisible();
  await expect(page.getByRole("list", { name: "All conversations" }).locator('[aria-current="page"]')).toContainText("ORD-1003");
});
