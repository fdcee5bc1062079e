import { expect, type Page, test } from "@playwright/test";
import { freshOrder } from "../support/fresh-order";
import { signIn } from "../support/sign-in";

// Demo orders and the ones other specs create (ORD-C…): any order number.
const ORDER = /^ORD-[A-Z0-9]+$/;

/** The order number of the focused list row, or null when focus is elsewhere. */
const focusedOrder = (page: Page) =>
  page.evaluate(() => (document.activeElement?.hasAttribute("data-inbox-row") ? document.activeElement.getAttribute("data-order-number") : null));

/** Tab until the named button has focus (the composer's controls come between), then press it. */
async function tabToAndPress(page: Page, name: string) {
  for (let i = 0; i < 8; i++) {
    await page.keyboard.press("Tab");
    if (await page.evaluate((n) => document.activeElement?.textContent?.trim() === n, name)) {
      await page.keyboard.press("Enter");
      return;
    }
  }
  throw new Error(`no "${name}" button reachable by Tab`);
}

test("an admin works three threads by keyboard alone, and the customer never sees the note", async ({ browser }) => {
  // Three rounds of reply, note and close, each waiting on the server: more than the default 30 s
  // on a busy 2-core machine.
  test.setTimeout(60_000);
  const stamp = Date.now();
  // Three orders of its own (closing a shared demo thread would disturb specs running beside it),
  // whose customers have just written, so their threads lead the inbox (newest first).
  const orders = await Promise.all(["kbd1", "kbd2", "kbd3"].map((label) => freshOrder(label)));
  const ours = orders.map((o) => o.orderNumber);
  await Promise.all(
    orders.map(async (order) => {
      const context = await browser.newContext();
      const customer = await context.newPage();
      await signIn(customer, order.customerEmail);
      const sent = await customer.request.post(`/api/orders/${order.orderNumber}/messages`, { data: { content: `Any news? #${stamp}` } });
      expect(sent.status()).toBe(201);
      await context.close();
    }),
  );
  const admin = await (await browser.newContext({ viewport: { width: 1280, height: 800 } })).newPage();
  await signIn(admin, "admin@demo.test");
  await expect(admin.getByRole("list", { name: "All conversations" })).toBeVisible();

  // The three panes at once, with the list's first row above the fold.
  const firstRow = admin.getByRole("list", { name: "All conversations" }).getByRole("link").first();
  const box = await firstRow.boundingBox();
  expect(box!.y + box!.height).toBeLessThan(800);
  await expect(admin.getByRole("search", { name: "Search messages" })).toBeVisible();

  // `?` lists the shortcuts; Escape closes the overlay.
  await admin.keyboard.press("?");
  const help = admin.getByRole("dialog", { name: "Keyboard shortcuts" });
  await expect(help).toBeVisible();
  await expect(help).toContainText("Write an internal note");
  await admin.keyboard.press("Escape");
  await expect(help).toBeHidden();

  const done: string[] = [];
  for (let round = 0; round < 3; round++) {
    // j walks the list (replies reorder it): stop on a thread not worked yet.
    let order: string | null = null;
    for (let step = 0; step < 12 && (order === null || !ours.includes(order) || done.includes(order)); step++) {
      await admin.keyboard.press("j");
      order = await focusedOrder(admin);
    }
    expect(order, "a thread not worked yet").toMatch(ORDER);
    if (!ours.includes(order!) || done.includes(order!)) {
      // Past the end: walk back up with k.
      for (let step = 0; step < 12 && (!ours.includes(order!) || done.includes(order!)); step++) {
        await admin.keyboard.press("k");
        order = await focusedOrder(admin);
      }
    }
    expect(done).not.toContain(order);
    expect(ours).toContain(order);
    await admin.keyboard.press("Enter");
    await expect(admin.getByRole("heading", { level: 1, name: `Order ${order}` })).toBeVisible();
    await expect(admin.getByRole("list", { name: "All conversations" }).locator('[aria-current="page"]')).toContainText(order!);

    const reply = `Reply ${round} on ${order} #${stamp}`;
    const note = `Note ${round} on ${order}: check the courier #${stamp}`;
    const box = admin.getByRole("textbox", { name: "Message", exact: true });

    await admin.keyboard.press("r");
    await expect(box).toBeFocused();
    await expect(box).toHaveValue("");
    await admin.keyboard.type(reply);
    await tabToAndPress(admin, "Send");
    await expect(admin.getByRole("list", { name: "Messages" }).getByText(reply)).toBeVisible();

    // Focus out of the field (the composer keeps it after sending, and a key typed there is text):
    // the shortcut must then not type into the box it opens.
    await admin.evaluate(() => (document.activeElement as HTMLElement | null)?.blur());
    await admin.keyboard.press("n");
    await expect(box).toBeFocused();
    await expect(box).toHaveValue("");
    await expect(admin.getByRole("tab", { name: "Internal note" })).toHaveAttribute("aria-selected", "true");
    await admin.keyboard.type(note);
    // Enter sends from the box (the composer's rule); in note mode the button reads "Send note".
    await admin.keyboard.press("Enter");
    await expect(admin.getByRole("article", { name: /^Internal note from/ }).filter({ hasText: note })).toBeVisible();

    await admin.evaluate(() => (document.activeElement as HTMLElement | null)?.blur());
    await admin.keyboard.press("e");
    await expect(admin.getByText("This conversation is closed.")).toBeVisible();
    done.push(order!);
  }
  expect(new Set(done).size).toBe(3);

  // Each customer reads the reply, never the note: the first one's page shows it.
  const [first] = orders;
  const customer = await (await browser.newContext()).newPage();
  await signIn(customer, first!.customerEmail);
  await customer.goto(`/orders/${first!.orderNumber}/messages`);
  await expect(customer.getByRole("list", { name: "Messages" }).getByText(`on ${first!.orderNumber} #${stamp}`)).toBeVisible();
  await expect(customer.getByText(/check the courier/)).toHaveCount(0);
  await Promise.all([admin.context().close(), customer.context().close()]);
});

test("typing j, k, e or n in the reply box types them, never moves or closes", async ({ page }) => {
  await signIn(page, "admin@demo.test");
  await page.getByRole("list", { name: "All conversations" }).getByRole("link", { name: /ORD-1003/ }).click();
  await expect(page.getByRole("heading", { level: 1, name: "Order ORD-1003" })).toBeVisible();
  // The other test may have closed it already: whatever its state, typing must not change it.
  const action = page.getByRole("button", { name: /^(Close|Reopen)$/ });
  const before = await action.textContent();
  const box = page.getByRole("textbox", { name: "Message", exact: true });
  await box.click();
  await page.keyboard.type("jknre/");
  await expect(box).toHaveValue("jknre/");
  await expect(page).toHaveURL(/\/admin\/inbox\/[0-9a-f-]{36}$/);
  await expect(page.getByRole("heading", { level: 1, name: "Order ORD-1003" })).toBeVisible();
  await expect(page.getByRole("dialog", { name: "Keyboard shortcuts" })).toBeHidden();
  await expect(action).toHaveText(before!);
});
