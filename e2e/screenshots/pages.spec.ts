import path from "node:path";
import { test } from "@playwright/test";
import { everyPage, openAs, signInAs } from "../support/every-page";

/**
 * A full-page screenshot of every page at a desktop and a phone width, kept as artifacts in the
 * Playwright output dir (`e2e/artifacts/screenshots/<page>-<width>.png`, not committed; page names
 * in e2e/support/every-page.ts) for a person to look at: they catch what no assertion names
 * (overlap, overflow, a cramped header).
 */
const widths = [1280, 375] as const;

for (const role of everyPage) {
  test(`screenshots of the ${role.role} pages at ${widths.join(" and ")} px`, async ({ page }, testInfo) => {
    test.setTimeout(90_000);
    await signInAs(page, role);
    const dir = path.join(testInfo.project.outputDir, "screenshots");
    for (const visit of role.pages) {
      for (const width of widths) {
        await page.setViewportSize({ width, height: width === 375 ? 812 : 900 });
        await openAs(page, role, visit);
        await page.screenshot({ path: path.join(dir, `${visit.name}-${width}.png`), fullPage: true });
      }
    }
  });
}
