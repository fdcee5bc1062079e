import { expect, type Page, test } from "@playwright/test";
import { signIn } from "../support/sign-in";

/**
 * Every surface renders without an uncaught error or a React error in the console, which is
 * where hydration mismatches show (React then throws the server's HTML away and renders again).
 */
function collectErrors(page: Page): string[] {
  const errors: string[] = [];
  page.on("pageerror", (error) => errors.push(`pageerror: ${error.message}`));
  page.on("console", (message) => {
    if (message.type() === "error") errors.push(`console: ${message.text()}`);
  });
  return errors;
}

const surfaces = [
  { email: "alice@demo.test", pages: ["/orders", "/orders/ORD-1001/messages", "/settings/tokens"], link: "Messages" },
  { email: "rita@demo.test", pages: ["/partner"], thread: /ORD-1001/ },
  { email: "admin@demo.test", pages: ["/admin/inbox", "/admin/inbox?q=warehouse"], thread: /ORD-1002/ },
] as const;

for (const surface of surfaces) {
  test(`${surface.email}'s pages render without errors`, async ({ page }) => {
    const errors = collectErrors(page);
    await signIn(page, surface.email);
    for (const path of surface.pages) {
      await page.goto(path);
      await expect(page.getByRole("heading", { level: 1 })).toBeVisible();
      // Let hydration finish and any streamed data arrive.
      await page.waitForLoadState("networkidle");
    }
    if ("thread" in surface) {
      await page.goto(surface.pages[0]);
      await page.getByRole("link", { name: surface.thread }).first().click();
      await expect(page.getByRole("list", { name: "Messages" })).toBeVisible();
      await page.reload();
      await expect(page.getByRole("list", { name: "Messages" })).toBeVisible();
      await page.waitForLoadState("networkidle");
    }
    expect(errors).toEqual([]);
  });
}
