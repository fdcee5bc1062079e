import { expect, type Page, test } from "@playwright/test";
import { signIn } from "../support/sign-in";

/** Records the signed-in user's receipt for every message of the thread they have not read (REST). */
async function readWholeThread(page: Page, orderNumber: string) {
  let cursor: string | null = null;
  do {
    const response = await page.request.get(`/api/orders/${orderNumber}/messages?limit=100${cursor ? `&cursor=${cursor}` : ""}`);
    expect(response.status()).toBe(200);
    const body = (await response.json()) as { messages: { id: string; readByMe: boolean }[]; nextCursor: string | null };
    for (const message of body.messages.filter((m) => !m.readByMe)) {
      expect((await page.request.patch(`/api/orders/${orderNumber}/messages/${message.id}/read`)).status()).toBe(200);
    }
    cursor = body.nextCursor;
  } while (cursor);
}

/**
 * A thread longer than a page opens at its newest messages and loads older ones as the reader
 * scrolls up, instead of fetching every page. ORD-1003 (alice's, store south) gets 56 more
 * messages from alice and sam (the south reseller), each within the send rate limit.
 */
test("a long thread opens at the newest page and loads older pages on scroll", async ({ browser }) => {
  // 56 sends through REST before the page opens.
  test.setTimeout(120_000);
  const tag = Date.now().toString(36);
  for (const [email, count] of [["sam@demo.test", 28], ["alice@demo.test", 28]] as const) {
    const context = await browser.newContext();
    const page = await context.newPage();
    await signIn(page, email);
    for (let i = 0; i < count; i++) {
      const response = await page.request.post("/api/orders/ORD-1003/messages", { data: { content: `${tag} ${email} ${i}` } });
      expect(response.status()).toBe(201);
    }
    await context.close();
  }

  const context = await browser.newContext();
  const page = await context.newPage();
  await signIn(page, "alice@demo.test");
  // Alice has read the thread (sam's messages too): it opens at its newest page, not at an unread
  // message further back (e2e/conversation/opens-at-first-unread.spec.ts).
  await readWholeThread(page, "ORD-1003");
  const listCalls: string[] = [];
  page.on("request", (request) => {
    if (request.url().includes("messages.window")) listCalls.push(request.url());
  });
  await page.goto("/orders/ORD-1003/messages");
  const messages = page.getByRole("list", { name: "Messages" });
  await expect(messages.getByText(`${tag} alice@demo.test 27`)).toBeVisible();
  // The seed's first message is more than a page back: not loaded yet.
  const oldest = messages.getByRole("article").first();
  await expect(messages.getByText(`${tag} sam@demo.test 0`)).toHaveCount(0);
  await page.waitForLoadState("networkidle");
  expect(listCalls).toHaveLength(0);
  // Messages, not list items: day separators and the unread divider are list items too.
  const before = await messages.getByRole("article").count();
  expect(before).toBe(50);

  // Scrolling to the top loads the page before it.
  await page.evaluate(() => window.scrollTo(0, 0));
  await expect(messages.getByText(`${tag} sam@demo.test 0`)).toBeVisible();
  expect(await messages.getByRole("article").count()).toBeGreaterThan(before);
  expect(listCalls.length).toBeGreaterThanOrEqual(1);
  await expect(oldest).toBeVisible();
  await context.close();
});
