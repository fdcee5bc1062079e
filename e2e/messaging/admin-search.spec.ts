import { expect, type Page, test } from "@playwright/test";
import { signIn } from "../support/sign-in";

/*
 * Seeded words this relies on (src/server/db/seed.ts): "warehouse" is only in ORD-1001's in-app
 * messages (the order system's and Sid's); "tracking" is in ORD-1002's, Bob's by email. Other
 * specs add messages to the same database, so nothing here counts results it did not write.
 */

function searchForm(page: Page) {
  return page.getByRole("search", { name: "Search messages" });
}

/** Uncaught errors in the page, hydration mismatches included (React reports them as errors). */
function collectPageErrors(page: Page): string[] {
  const errors: string[] = [];
  page.on("pageerror", (error) => errors.push(error.message));
  return errors;
}

async function searchFor(page: Page, keyword: string) {
  await searchForm(page).getByRole("searchbox", { name: "Search" }).fill(keyword);
  await searchForm(page).getByRole("button", { name: "Search", exact: true }).click();
}

test("an admin searches the inbox: the URL keeps the search, a filter narrows it, Back and Clear undo it", async ({ page }) => {
  const errors = collectPageErrors(page);
  await signIn(page, "admin@demo.test");
  await expect(page).toHaveURL("/admin/inbox");
  await expect(page.getByRole("list", { name: "All conversations" })).toBeVisible();

  await searchFor(page, "warehouse");
  await expect(page).toHaveURL("/admin/inbox?q=warehouse");
  const results = page.getByRole("list", { name: "Search results" });
  // Results are grouped by thread: each hit is a link (naming its order) inside its thread's group.
  const sidsReply = results.getByRole("link").filter({ hasText: "it leaves our warehouse tomorrow" });
  await expect(sidsReply).toContainText("ORD-1001");
  await expect(sidsReply).toContainText("Sid Supplier");
  await expect(sidsReply.locator("mark")).toHaveText(["warehouse"]);
  await expect(page.getByRole("list", { name: "All conversations" })).toHaveCount(0);

  await page.reload();
  await expect(searchForm(page).getByRole("searchbox", { name: "Search" })).toHaveValue("warehouse");
  await expect(sidsReply.locator("mark")).toHaveText(["warehouse"]);

  // Every "warehouse" message was written in the app, none by email.
  await searchForm(page).getByLabel("Channel").selectOption("email");
  await expect(page).toHaveURL("/admin/inbox?q=warehouse&channel=email");
  await expect(page.getByText("No messages match “warehouse” with these filters.")).toBeVisible();
  await expect(results).toHaveCount(0);

  await page.goBack();
  await expect(page).toHaveURL("/admin/inbox?q=warehouse");
  await expect(searchForm(page).getByLabel("Channel")).toHaveValue("");
  await expect(sidsReply).toBeVisible();

  await searchForm(page).getByRole("button", { name: "Clear" }).click();
  await expect(page).toHaveURL("/admin/inbox");
  await expect(page.getByRole("list", { name: "All conversations" }).getByRole("link", { name: /ORD-1002/ })).toBeVisible();
  await expect(searchForm(page).getByRole("searchbox", { name: "Search" })).toHaveValue("");
  await expect(results).toHaveCount(0);
  expect(errors).toEqual([]);
});

test("internal notes are marked as such, Load more pages on, and a result opens its thread", async ({ page }) => {
  await signIn(page, "admin@demo.test");
  // One word no other message holds, on more notes than one page (20) shows. Internal notes on
  // ORD-1003, so no other spec's customer or partner view changes.
  const word = `pagingcheck${Date.now()}`;
  for (let i = 0; i < 21; i++) {
    const sent = await page.request.post("/api/orders/ORD-1003/messages", {
      data: { content: `Courier note ${i}: ${word}`, isInternal: true },
    });
    expect(sent.status()).toBe(201);
  }

  await searchFor(page, word);
  const items = page.getByRole("list", { name: "Search results" }).getByRole("link");
  await expect(items).toHaveCount(20);
  const newest = items.first();
  await expect(newest).toContainText(`Courier note 20: ${word}`);
  await expect(newest).toContainText("Internal note");
  await expect(newest).toContainText("Ada Admin");
  await expect(newest.locator("mark")).toHaveText([word]);

  // The list's end in view loads the next page by itself (infinite scroll). A click on the button
  // raced that load: the scroll before the click started it, and the button went away under the click.
  await page.getByRole("button", { name: "Load more" }).scrollIntoViewIfNeeded();
  await expect(items).toHaveCount(21);
  await expect(items.last()).toContainText(`Courier note 0: ${word}`);
  await expect(page.getByRole("button", { name: "Load more" })).toHaveCount(0);

  // A hit opens its thread at that message, the search kept beside it.
  await newest.click();
  await expect(page).toHaveURL(/\/admin\/inbox\/[0-9a-f-]{36}\?q=[^&]+&message=[0-9a-f-]{36}$/);
  await expect(page.getByRole("heading", { name: "Order ORD-1003" })).toBeVisible();
});

test("a hand-edited link with unknown values still searches; on a phone nothing scrolls sideways and a date narrows it", async ({ page }) => {
  const errors = collectPageErrors(page);
  await page.setViewportSize({ width: 375, height: 800 });
  await signIn(page, "admin@demo.test");
  const response = await page.goto("/admin/inbox?q=tracking&channel=fax&status=bogus&store=nowhere&from=2024-13-01&unread=maybe");
  expect(response?.status()).toBe(200);

  const form = searchForm(page);
  await expect(form.getByRole("searchbox", { name: "Search" })).toHaveValue("tracking");
  // On a phone the filters wait behind a toggle.
  await expect(form.getByLabel("Channel")).toBeHidden();
  await form.getByRole("button", { name: "Filters" }).click();
  await expect(form.getByRole("button", { name: "Filters" })).toHaveAttribute("aria-expanded", "true");
  for (const label of ["Channel", "Conversation", "Store"]) await expect(form.getByLabel(label)).toHaveValue("");
  await expect(form.getByLabel("From (UTC)")).toHaveValue("");
  await expect(form.getByLabel("Unread only")).not.toBeChecked();
  const bobsQuestion = page.getByRole("list", { name: "Search results" }).getByRole("link").filter({ hasText: "tracking number for my parcel" });
  await expect(bobsQuestion).toContainText("ORD-1002");
  await expect(bobsQuestion).toContainText("Email");
  await expect(bobsQuestion.locator("mark")).toHaveText(["tracking"]);

  const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
  expect(overflow).toBeLessThanOrEqual(0);

  // A date applies by itself once typing pauses; every seeded message is newer than 2000.
  await form.getByLabel("To (UTC)").fill("2000-01-01");
  await expect(page).toHaveURL("/admin/inbox?q=tracking&to=2000-01-01");
  await expect(page.getByText("No messages match “tracking” with these filters.")).toBeVisible();
  expect(errors).toEqual([]);
});
