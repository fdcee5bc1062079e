import { expect, test } from "@playwright/test";
import { signIn } from "../support/sign-in";

/** The channel pages are reachable from the admin inbox, not only by typing their URLs. */
test("an admin moves between the inbox, inbound events, the unmatched queue and deliveries by the admin nav", async ({ page }) => {
  await signIn(page, "admin@demo.test");
  await expect(page).toHaveURL(/\/admin\/inbox/);
  const nav = page.getByRole("navigation", { name: "Admin" });
  await expect(nav.getByRole("link", { name: "Inbox", exact: true })).toHaveAttribute("aria-current", "page");

  const stops = [
    { link: "Inbound events", url: /\/admin\/webhooks$/, heading: "Inbound events", item: "inbound event" },
    { link: "Unmatched", url: /\/admin\/webhooks\/unmatched$/, heading: "Unmatched messages", item: "inbound event" },
    { link: "Deliveries", url: /\/admin\/deliveries$/, heading: "Deliveries", item: "delivery" },
    { link: "Inbox", url: /\/admin\/inbox$/, heading: "Inbox", item: "conversation" },
  ];
  const help = page.getByRole("dialog", { name: "Keyboard shortcuts" });
  for (const stop of stops) {
    await nav.getByRole("link", { name: stop.link, exact: true }).click();
    await expect(page).toHaveURL(stop.url);
    await expect(page.getByRole("heading", { level: 1, name: stop.heading })).toBeVisible();
    // Exactly one section is current, and it is this one (the layout stays mounted across pages).
    await expect(nav.locator('[aria-current="page"]')).toHaveCount(1);
    await expect(nav.getByRole("link", { name: stop.link, exact: true })).toHaveAttribute("aria-current", "page");
    // The ? overlay speaks of what this page lists (pressed again until the page has hydrated).
    await expect(async () => {
      await page.keyboard.press("?");
      await expect(help).toBeVisible({ timeout: 1_000 });
    }).toPass();
    await expect(help).toContainText(`Next ${stop.item} in the list`);
    if (stop.item !== "conversation") await expect(help).not.toContainText("conversation");
    await page.keyboard.press("Escape");
    await expect(help).toBeHidden();
  }
});

test("a customer who opens an admin page sees the refusal, not the admin nav", async ({ page }) => {
  await signIn(page, "alice@demo.test");
  await page.goto("/admin/webhooks");
  await expect(page.getByRole("heading", { name: "This page is not for your account" })).toBeVisible();
  await expect(page.getByRole("navigation", { name: "Admin" })).toHaveCount(0);
});
