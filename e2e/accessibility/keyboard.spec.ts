import { expect, type Page, test } from "@playwright/test";
import { signIn } from "../support/sign-in";
import { userMenuButton } from "../support/user-menu";

/** What has focus, described the way a screen reader would name it. */
async function focused(page: Page) {
  return page.evaluate(() => {
    const el = document.activeElement;
    return {
      tag: el?.tagName.toLowerCase() ?? null,
      id: el?.id ?? null,
      text: el?.textContent?.trim() ?? "",
      inHeader: !!el?.closest("header"),
      inMain: !!el?.closest("main"),
    };
  });
}

test("the first Tab reaches a visible skip link that moves focus past the header into the page", async ({ page }) => {
  await signIn(page, "alice@demo.test");
  await page.goto("/orders");
  await expect(page.getByRole("heading", { level: 1, name: "Your orders" })).toBeVisible();
  await page.waitForLoadState("networkidle");

  await page.keyboard.press("Tab");
  const skip = page.getByRole("link", { name: "Skip to content" });
  await expect(skip).toBeFocused();
  // Hidden until focused, then on screen: a sighted keyboard user sees where they are. It slides in
  // (0.15 s), so the box is read until it has arrived rather than once mid-slide.
  await expect.poll(async () => (await skip.boundingBox())?.y ?? -1).toBeGreaterThanOrEqual(0);
  expect((await skip.boundingBox())?.height).toBeGreaterThan(0);

  await page.keyboard.press("Enter");
  await expect(page).toHaveURL(/#main$/);
  expect(await focused(page)).toMatchObject({ tag: "main", id: "main" });

  // The next Tab lands on the page's first control, never back in the header.
  await page.keyboard.press("Tab");
  const next = await focused(page);
  expect(next.inMain, `focus went to ${JSON.stringify(next)}`).toBe(true);
  expect(next.inHeader).toBe(false);
});

test("the account menu opens and closes by keyboard and leads to API tokens and sign-out", async ({ page }) => {
  await signIn(page, "rita@demo.test");
  await page.waitForLoadState("networkidle");
  const button = userMenuButton(page);
  await expect(button).toHaveAccessibleName(/Rita Reseller/);
  const tokens = page.getByRole("banner").getByRole("link", { name: "API tokens" });

  // Reached by Tab alone: skip link, the two navigation links, then the account button.
  for (let step = 0; step < 6 && !(await button.evaluate((el) => el === document.activeElement)); step++) {
    await page.keyboard.press("Tab");
  }
  await expect(button).toBeFocused();
  await expect(button).toHaveAttribute("aria-expanded", "false");
  await expect(tokens).toBeHidden();
  // A <nav> landmark holds the main links.
  await expect(page.getByRole("navigation", { name: "Main" })).toBeVisible();

  await page.keyboard.press("Enter");
  await expect(button).toHaveAttribute("aria-expanded", "true");
  await expect(tokens).toBeVisible();
  await page.keyboard.press("Tab");
  await expect(tokens).toBeFocused();

  // Escape closes it and hands focus back to the button.
  await page.keyboard.press("Escape");
  await expect(button).toHaveAttribute("aria-expanded", "false");
  await expect(tokens).toBeHidden();
  await expect(button).toBeFocused();

  // Space opens it too; tabbing out of it closes it.
  await page.keyboard.press(" ");
  await expect(button).toHaveAttribute("aria-expanded", "true");
  await page.keyboard.press("Tab");
  await page.keyboard.press("Tab");
  await expect(page.getByRole("banner").getByRole("button", { name: "Sign out" })).toBeFocused();
  await page.keyboard.press("Tab");
  await expect(button).toHaveAttribute("aria-expanded", "false");

  // Back in (the closed panel is out of the tab order), and Enter on "API tokens" opens the page.
  await page.keyboard.press("Shift+Tab");
  await expect(button).toBeFocused();
  await page.keyboard.press("Enter");
  await page.keyboard.press("Tab");
  await page.keyboard.press("Enter");
  await expect(page).toHaveURL(/\/settings\/tokens$/);
  await expect(page.getByRole("heading", { level: 1, name: "API tokens" })).toBeVisible();
});

test("a click outside the open account menu closes it", async ({ page }) => {
  await signIn(page, "admin@demo.test");
  const button = userMenuButton(page);
  await button.click();
  await expect(button).toHaveAttribute("aria-expanded", "true");
  await page.getByRole("heading", { level: 1 }).click();
  await expect(button).toHaveAttribute("aria-expanded", "false");
});
