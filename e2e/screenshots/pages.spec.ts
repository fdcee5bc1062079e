import path from "node:path";
import { expect, test } from "@playwright/test";
import { everyPage, openAs, signInAs } from "../support/every-page";
import { signIn } from "../support/sign-in";
import { userMenuButton } from "../support/user-menu";

/**
 * A full-page screenshot of every page at a desktop and a phone width, kept as artifacts in the
 * Playwright output dir (`e2e/artifacts/screenshots/<page>-<width>.png`, not committed; page names
 * in e2e/support/every-page.ts) for a person to look at: they catch what no assertion names
 * (overlap, overflow, a cramped header).
 */
const widths = [1280, 375] as const;

for (const role of everyPage) {
  test(`screenshots of the ${role.role} pages at ${widths.join(" and ")} px`, async ({ page }, testInfo) => {
    // Two widths a page; the admin walks a dozen pages.
    test.setTimeout(30_000 + role.pages.length * 12_000);
    await signInAs(page, role);
    const dir = path.join(testInfo.project.outputDir, "screenshots");
    for (const visit of role.pages) {
      for (const width of widths) {
        await page.setViewportSize({ width, height: width === 375 ? 812 : 900 });
        await openAs(page, role, visit);
        await page.screenshot({ path: path.join(dir, `${visit.name}-${width}.png`), fullPage: true, animations: "disabled" });
      }
    }
  });
}

test("screenshots of the open account menu and of a keyboard focus ring, at 375 px", async ({ page }, testInfo) => {
  const dir = path.join(testInfo.project.outputDir, "screenshots");
  await page.setViewportSize({ width: 375, height: 812 });
  await signIn(page, "alice@demo.test");
  await page.waitForLoadState("networkidle");
  await userMenuButton(page).click();
  await expect(page.getByRole("banner").getByRole("link", { name: "API tokens" })).toBeVisible();
  await page.screenshot({ path: path.join(dir, "customer-account-menu-375.png"), animations: "disabled" });

  await page.keyboard.press("Escape");
  await page.getByRole("main").getByRole("link").first().focus();
  await page.keyboard.press("Shift+Tab");
  await page.keyboard.press("Tab");
  await page.screenshot({ path: path.join(dir, "customer-focused-row-375.png"), animations: "disabled" });
});
