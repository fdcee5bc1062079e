import { expect, test } from "@playwright/test";
import postgres from "postgres";
import { e2eDatabase } from "../support/e2e-database";
import { freshOrder } from "../support/fresh-order";
import { signIn } from "../support/sign-in";

/**
 * The customer has read the first 20 of 130 staff messages and written one since: their first
 * unread message is 111 back, more than two pages of 50. The thread opens at it, under the
 * divider, with a few read ones above; newer pages load as they scroll down and older ones up.
 */
test("a thread opens at the first unread message far back, and loads newer messages on scroll down", async ({ browser }) => {
  const order = await freshOrder("farback");
  const context = await browser.newContext();
  const page = await context.newPage();
  await signIn(page, order.customerEmail);
  // The customer's own message creates the thread and is its newest.
  expect((await page.request.post(`/api/orders/${order.orderNumber}/messages`, { data: { content: "Any news?" } })).status()).toBe(201);

  // 130 staff messages written before it, straight into the table (130 sends would take the admin
  // past the send rate limit many times over); the customer has receipts for the first 20.
  const database = e2eDatabase();
  if (database.kind !== "postgres") throw new Error("this journey needs PostgreSQL");
  const sql = postgres(database.url, { max: 1, onnotice: () => {} });
  const threadId = await order.threadId();
  try {
    await sql`
      insert into messages (store_id, thread_id, sender_role, sender_id, sender_name, content, created_at)
      select 'north', ${threadId}, 'admin', u.id, u.name, 'Update ' || i, now() - interval '1 hour' + i * interval '1 second'
      from generate_series(0, 129) i, users u where u.email = 'admin@demo.test'`;
    await sql`
      insert into message_reads (message_id, user_id, store_id, role)
      select m.id, u.id, 'north', 'customer' from messages m, users u
      where m.thread_id = ${threadId} and u.email = ${order.customerEmail}
        and m.content in (select 'Update ' || i from generate_series(0, 19) i)`;
  } finally {
    await sql.end();
  }

  await page.goto(`/orders/${order.orderNumber}/messages`);
  const messages = page.getByRole("list", { name: "Messages" });
  const update = (i: number) => messages.getByText(`Update ${i}`, { exact: true });
  const divider = page.getByTestId("unread-divider");
  await expect(divider).toBeInViewport();
  await expect(update(20)).toBeInViewport();
  // A few read messages above it for context; the rest of the thread is not loaded yet.
  await expect(update(15)).toBeAttached();
  await expect(update(14)).toHaveCount(0);
  await expect(update(129)).toHaveCount(0);
  await expect(messages.getByText("Any news?")).toHaveCount(0);

  // Scrolling down loads the newer pages, down to the customer's own message.
  await expect(async () => {
    await page.evaluate(() => window.scrollTo(0, document.body.scrollHeight));
    await expect(messages.getByText("Any news?")).toBeVisible({ timeout: 1_000 });
  }).toPass({ timeout: 15_000 });
  await expect(update(129)).toBeVisible();
  await expect(page.getByRole("button", { name: "Load newer messages" })).toHaveCount(0);
  // The divider stays where the unread messages began.
  await expect(divider.locator("xpath=following-sibling::li[1]")).toContainText("Update 20");

  // Scrolling up loads the older ones, to the first.
  await expect(async () => {
    await page.evaluate(() => window.scrollTo(0, 0));
    await expect(update(0)).toBeVisible({ timeout: 1_000 });
  }).toPass({ timeout: 15_000 });
  expect(await messages.getByRole("article").count()).toBe(131);

  // Everything loaded was read: the next visit opens at the newest messages, without a divider.
  await expect(async () => {
    await page.reload();
    await expect(messages.getByText("Any news?")).toBeInViewport({ timeout: 1_000 });
    await expect(divider).toHaveCount(0);
  }).toPass({ timeout: 10_000 });
  await context.close();
});
