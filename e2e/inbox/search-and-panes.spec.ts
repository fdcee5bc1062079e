import { expect, type Page, test } from "@playwright/test";
import postgres from "postgres";
import { e2eDatabase } from "../support/e2e-database";
import { freshOrder } from "../support/fresh-order";
import { signIn } from "../support/sign-in";

/** The bubble a search hit marked (the ring sits on the message itself, not its row). */
const markedBubble = (page: Page) => page.locator('ol[aria-label="Messages"] > li > article[data-search-hit]');

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
  const marked = markedBubble(page);
  await expect(marked).toHaveCount(1);
  await expect(marked).toContainText("warehouse");
  await expect(marked).toBeInViewport();
  // The ring hugs the bubble: narrower than the conversation's list, which spans the pane.
  const bubble = (await marked.boundingBox())!;
  const row = (await page.getByRole("list", { name: "Messages" }).boundingBox())!;
  expect(bubble.width).toBeLessThan(row.width * 0.9);
  // The search stays in the list pane, the opened hit marked there too.
  await expect(results.locator('[aria-current="location"]')).toContainText("warehouse");
  await expect(search).toHaveValue("warehouse");
});

test("a search hit far back in a long thread opens there at once, without paging through the thread", async ({ page }) => {
  // A long name, as real ones can be: it must not push the time of her messages onto a line of its own.
  const customerName = "Cordelia Constance Conversation-Whitfield";
  const order = await freshOrder("hit", { name: customerName, status: "processing" });
  const word = `quokka${Date.now().toString(36)}`;
  // A customer message, then 130 staff messages after it: the hit is the 4th of 131, over two pages
  // (of 50) back from the newest. Written straight into the table (130 sends would hit the rate limit).
  await signIn(page, order.customerEmail);
  expect((await page.request.post(`/api/orders/${order.orderNumber}/messages`, { data: { content: "Any news?" } })).status()).toBe(201);
  const database = e2eDatabase();
  if (database.kind !== "postgres") throw new Error("this journey needs PostgreSQL");
  const sql = postgres(database.url, { max: 1, onnotice: () => {} });
  const threadId = await order.threadId();
  try {
    await sql`
      insert into messages (store_id, thread_id, sender_role, sender_id, sender_name, content, created_at)
      select 'north', ${threadId}, 'admin', u.id, u.name, case when i = 2 then 'Found it: ' || ${word} else 'Update ' || i end,
             now() + i * interval '1 second'
      from generate_series(0, 129) i, users u where u.email = 'admin@demo.test'`;
  } finally {
    await sql.end();
  }
  await page.context().clearCookies();

  await page.setViewportSize({ width: 1280, height: 800 });
  await signIn(page, "admin@demo.test");
  const search = page.getByRole("searchbox", { name: "Search" });
  await expect(search).toBeEnabled();
  await search.fill(word);
  await page.keyboard.press("Enter");
  const windowCalls: string[] = [];
  page.on("request", (request) => {
    if (request.url().includes("messages.window")) windowCalls.push(request.url());
  });
  await page.getByRole("list", { name: `Matches in ${order.orderNumber}` }).getByRole("link").first().click();

  const marked = markedBubble(page);
  await expect(marked).toContainText(`Found it: ${word}`);
  await expect(marked).toBeInViewport();
  const messages = page.getByRole("list", { name: "Messages" });
  // It opened at the hit, a few messages above it: the newest messages were never fetched.
  await expect(messages.getByText("Any news?")).toBeAttached();
  await expect(messages.getByText("Update 129", { exact: true })).toHaveCount(0);
  expect(windowCalls.filter((url) => url.includes("older"))).toEqual([]);

  // At 1280 px each bubble's header is one line: the customer's long name gives way, not the time.
  const customers = messages.getByRole("article", { name: `Message from ${customerName}` });
  const name = (await customers.locator("header > span").first().boundingBox())!;
  const time = (await customers.locator("header time").boundingBox())!;
  expect(Math.abs(time.y + time.height / 2 - (name.y + name.height / 2))).toBeLessThan(4);
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
  // Opened by its row's address: parallel journeys add threads and the 5 s poll re-sorts the list,
  // which once moved the row from under a click (this test is about the order panel, not the list).
  const row = page.getByRole("list", { name: "All conversations" }).getByRole("link", { name: /ORD-1001/ });
  await page.goto((await row.getAttribute("href"))!);
  const panel = page.getByRole("complementary", { name: "Order details" });
  await expect(panel).toContainText("alice@demo.test");
  await expect(panel).toContainText("Acme");
  await panel.getByRole("link", { name: "ORD-1003" }).click();
  await expect(page.getByRole("heading", { level: 1, name: "Order ORD-1003" })).toBeVisible();
  await expect(page.getByRole("list", { name: "All conversations" }).locator('[aria-current="page"]')).toContainText("ORD-1003");
});
