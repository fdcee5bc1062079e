import { expect, test } from "@playwright/test";
import { signIn } from "../support/sign-in";

/** The channel pages are reachable from the admin inbox, not only by typing their URLs. */
test("an admin moves between the inbox, inbound events, the unmatched queue and deliveries by the admin nav", async ({ page }) => {
  await signIn(page, "admin@demo.test");
  await expect(page).toHaveURL(/\/admin\/inbox/);
  const nav = page.getByRole("navigation", { name: "Admin" });
  await expect(nav.getByRole("link", { name: "Inbox", exact: true })).toHaveAttribute("aria-current", "page");

  const stops = [
    { link: "Inbound events", url: /\/admin\/webhooks$/, heading: "Inbound events" },
    { link: "Unmatched", url: /\/admin\/webhooks\/unmatched$/, heading: "Unmatched messages" },
    { link: "Deliveries", url: /\/admin\/deliveries$/, heading: "Deliveries" },
    { link: "Inbox", url: /\/admin\/inbox$/, heading: "Inbox" },
  ];
  for (const stop of stops) {
    await nav.getByRole("link", { name: stop.link, exact: true }).click();
    await expect(page).toHaveURL(stop.url);
    await expect(page.getByRole("heading", { level: 1, name: stop.heading })).toBeVisible();
    // Exactly one section is current, and it is this one (the layout stays mounted across pages).
    await expect(nav.locator('[aria-current="page"]')).toHaveCount(1);
    await expect(nav.getByRole("link", { name: stop.link, exact: true })).toHaveAttribute("aria-current", "page");
  }
});

test("a customer who opens an admin page sees the refusal, not the admin nav", async ({ page }) => {
  await signIn(page, "alice@demo.test");
  await page.goto("/admin/webhooks");
  await expect(page.getByRole("heading", { name: "This page is not for your account" })).toBeVisible();
  await expect(page.getByRole("navigation", { name: "Admin" })).toHaveCount(0);
});
