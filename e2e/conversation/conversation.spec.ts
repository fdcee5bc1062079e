import { expect, type Browser, type Page, test } from "@playwright/test";
import { signIn } from "../support/sign-in";
import { freshOrder } from "../support/fresh-order";

const box = (page: Page) => page.getByRole("textbox", { name: "Message", exact: true });
const messages = (page: Page) => page.getByRole("list", { name: "Messages" });

async function as(browser: Browser, email: string, path: string) {
  const page = await (await browser.newContext()).newPage();
  await signIn(page, email);
  await page.goto(path);
  return page;
}

test.afterEach(async ({ browser }) => {
  // A page left open would keep marking messages read for the next journey.
  await Promise.all(browser.contexts().map((c) => c.close()));
});

test("a customer sends with Enter, sees it once on their side, and the order stands beside it", async ({ browser }) => {
  const order = await freshOrder("enter");
  const page = await as(browser, order.customerEmail, `/orders/${order.orderNumber}/messages`);

  const facts = page.getByRole("complementary", { name: "Order" });
  await expect(facts).toContainText(order.orderNumber);
  await expect(facts).toContainText("shipped");
  await expect(facts.getByRole("time")).toBeVisible();
  // Who fulfils the order is never the customer's to know.
  await expect(page.getByText("Globex")).toHaveCount(0);
  await expect(page.getByText("The shop will see this.")).toBeVisible();

  await box(page).fill("First line");
  await box(page).press("Shift+Enter");
  await box(page).pressSequentially("second line");
  await expect(box(page)).toHaveValue("First line\nsecond line");
  await box(page).press("Enter");

  const mine = messages(page).getByRole("article", { name: "Message from Cora Conversation" });
  await expect(mine).toHaveCount(1);
  await expect(mine).toContainText("First line\nsecond line");
  await expect(mine).toContainText("You");
  await expect(mine.getByRole("img", { name: "In app" })).toBeVisible();
  await expect(mine.getByRole("time")).toHaveText(/just now|min ago/);
  await expect(mine.getByRole("time")).toHaveAttribute("title", /\d/);
  await expect(mine).toContainText("Sent");
  await expect(box(page)).toHaveValue("");
  await expect(box(page)).toBeFocused();
  await expect(page.getByTestId("day-separator")).toHaveText(["Today"]);
  // Still once after the page is read again from the server.
  await page.reload();
  await expect(messages(page).getByText("second line")).toHaveCount(1);
  // Her order list calls the last message hers.
  await page.goto("/orders");
  await expect(page.getByRole("link", { name: new RegExp(order.orderNumber) })).toContainText("You: First line");
});

test("a send that fails shows Not sent with Retry, and retrying delivers it once", async ({ browser }) => {
  const order = await freshOrder("retry");
  const page = await as(browser, order.customerEmail, `/orders/${order.orderNumber}/messages`);
  await page.route("**/api/trpc/messages.send**", (route) => route.abort("connectionrefused"), { times: 1 });

  await box(page).fill("Are you there?");
  await box(page).press("Enter");
  const failed = page.getByRole("article", { name: "Message not sent" });
  await expect(failed).toContainText("Are you there?");
  await expect(failed.getByRole("alert")).toContainText("Not sent");
  await failed.getByRole("button", { name: "Retry" }).click();

  await expect(page.getByRole("article", { name: "Message not sent" })).toHaveCount(0);
  await expect(messages(page).getByRole("article", { name: "Message from Cora Conversation" })).toHaveCount(1);
  await page.reload();
  await expect(messages(page).getByText("Are you there?")).toHaveCount(1);
});

// A 1×1 PNG: uploads are checked by their bytes, so it has to be a real one.
const png = Buffer.from("iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==", "base64");

test("attachments upload with progress, can be removed before sending, then preview and download", async ({ browser }) => {
  const order = await freshOrder("files");
  const page = await as(browser, order.customerEmail, `/orders/${order.orderNumber}/messages`);
  const files = page.getByRole("list", { name: "Files to send" });

  await page.getByLabel("Attach files").setInputFiles([
    { name: "parcel.png", mimeType: "image/png", buffer: png },
    { name: "notes.txt", mimeType: "text/plain", buffer: Buffer.from("not this one") },
  ]);
  await expect(files.getByRole("listitem")).toHaveCount(2);
  await expect(files.getByText("Uploaded")).toHaveCount(2);
  await files.getByRole("button", { name: "Remove notes.txt" }).click();
  await expect(files.getByRole("listitem")).toHaveCount(1);

  await box(page).fill("The box arrived dented");
  await page.getByRole("button", { name: "Send" }).click();
  const mine = messages(page).getByRole("article", { name: "Message from Cora Conversation" });
  await expect(mine).toContainText("The box arrived dented");
  const thumbnail = mine.getByRole("img", { name: "parcel.png" });
  await expect(thumbnail).toBeVisible();
  // The thumbnail really loaded (a broken image has no natural width).
  await expect.poll(() => thumbnail.evaluate((img: HTMLImageElement) => img.naturalWidth)).toBe(1);
  await expect(mine.getByText("notes.txt")).toHaveCount(0);

  const link = mine.getByRole("link", { name: "Download parcel.png" });
  const download = await page.request.get((await link.getAttribute("href"))!);
  expect(download.status()).toBe(200);
  expect(download.headers()["content-disposition"]).toMatch(/^attachment/);
  expect(Buffer.from(await download.body()).equals(png)).toBe(true);
});

test("read receipts appear on the sender's side once the other side has read", async ({ browser }) => {
  const order = await freshOrder("seen");
  const first = await as(browser, order.customerEmail, `/orders/${order.orderNumber}/messages`);
  await box(first).fill("Did it leave yet?");
  await box(first).press("Enter");
  await expect(messages(first).getByRole("article", { name: "Message from Cora Conversation" })).toContainText("Sent");
  // Gone while the admin answers, so nothing reads the reply before the admin has seen "Not read yet".
  await first.context().close();

  const admin = await as(browser, "admin@demo.test", `/admin/inbox/${await order.threadId()}`);
  await expect(messages(admin).getByText("Did it leave yet?")).toBeVisible();
  await box(admin).fill("It left this morning.");
  await box(admin).press("Enter");
  const reply = messages(admin).getByRole("article", { name: "Message from Ada Admin" });
  await expect(reply.getByTestId("receipt")).toHaveText("Not read yet");

  // The customer sees "Seen by the shop" (never who), and the admin's reply arrives unread, under the divider.
  const customer = await as(browser, order.customerEmail, `/orders/${order.orderNumber}/messages`);
  const mine = messages(customer).getByRole("article", { name: "Message from Cora Conversation" });
  await expect(mine.getByTestId("receipt")).toHaveText("Seen by the shop");
  await expect(customer.getByTestId("unread-divider")).toBeVisible();
  await expect(customer.getByTestId("unread-divider")).toHaveText("New messages");
  await expect(messages(customer).getByText("It left this morning.")).toBeInViewport();

  await admin.reload();
  // Staff see who read it, by name and role, and when.
  await expect(reply.getByTestId("receipt")).toContainText("Seen by Cora Conversation (customer)");
  await expect(reply.getByTestId("receipt").getByRole("time")).toBeVisible();
});

test("staff and partners see who read a message by name and when; the customer only that the shop has", async ({ browser }) => {
  // Four signed-in browsers in one journey: 14 s alone, over 30 s beside the axe walk on 2 cores.
  test.setTimeout(60_000);
  const order = await freshOrder("names");
  const read = async (page: Page, messageId: string) =>
    expect((await page.request.patch(`/api/orders/${order.orderNumber}/messages/${messageId}/read`)).status()).toBe(200);
  // The conversation so far, through REST: the customer asks, the admin and the fulfilling
  // supplier read it, the admin answers and the customer reads the answer.
  const customer = await as(browser, order.customerEmail, "/orders");
  const asked = await customer.request.post(`/api/orders/${order.orderNumber}/messages`, { data: { content: "Is it packed?" } });
  const question = ((await asked.json()) as { id: string }).id;
  const admin = await as(browser, "admin@demo.test", "/admin/inbox");
  await read(admin, question);
  await read(await as(browser, "sue@demo.test", "/partner"), question);
  const answered = await admin.request.post(`/api/orders/${order.orderNumber}/messages`, { data: { content: "Packed and labelled." } });
  await read(customer, ((await answered.json()) as { id: string }).id);

  // The store's reseller sees each reader by name and role, with the time: several as the latest
  // one and a list that opens.
  const rita = await as(browser, "rita@demo.test", `/partner/threads/${await order.threadId()}`);
  const receipts = messages(rita).getByRole("article", { name: "Message from Cora Conversation" }).getByTestId("receipt");
  await expect(receipts).toContainText("Seen by Sue Supplier (supplier) and 1 other");
  await receipts.getByText(/^Seen by Sue Supplier/).click();
  await expect(receipts.getByRole("list", { name: "Read by" }).getByRole("listitem")).toHaveText([
    /^Sue Supplier \(supplier\) · \S/,
    /^Ada Admin \(admin\) · \S/,
  ]);
  const reply = messages(rita).getByRole("article", { name: "Message from Ada Admin" }).getByTestId("receipt");
  await expect(reply).toContainText("Seen by Cora Conversation (customer)");
  await expect(reply.getByRole("time")).toBeVisible();

  // Rita's page has read the question too: the admin sees her as its latest reader.
  await admin.goto(`/admin/inbox/${await order.threadId()}`);
  await expect(async () => {
    await admin.reload();
    await expect(
      messages(admin).getByRole("article", { name: "Message from Cora Conversation" }).getByTestId("receipt"),
    ).toContainText("Seen by Rita Reseller (reseller) and 1 other", { timeout: 1_000 });
  }).toPass({ timeout: 10_000 });

  // The customer learns only that the shop has read theirs.
  await customer.goto(`/orders/${order.orderNumber}/messages`);
  await expect(messages(customer).getByRole("article", { name: "Message from Cora Conversation" }).getByTestId("receipt")).toHaveText(
    "Seen by the shop",
  );
  await expect(customer.getByText("(supplier)")).toHaveCount(0);
  await expect(customer.getByText("Rita Reseller")).toHaveCount(0);
  await expect(customer.getByText("Sue Supplier")).toHaveCount(0);
});

test("an admin's internal note looks different before and after sending, and the customer never sees it", async ({ browser }) => {
  const order = await freshOrder("note");
  const customer = await as(browser, order.customerEmail, `/orders/${order.orderNumber}/messages`);
  await box(customer).fill("Hello?");
  await box(customer).press("Enter");
  // The stored message, not its optimistic stand-in: the thread exists from then on.
  await expect(messages(customer).getByRole("article", { name: "Message from Cora Conversation" })).toContainText("Hello?");
  // A customer has no tabs at all.
  await expect(customer.getByRole("tab")).toHaveCount(0);

  const admin = await as(browser, "admin@demo.test", `/admin/inbox/${await order.threadId()}`);
  const form = admin.getByRole("form", { name: "Write a message" });
  await expect(admin.getByRole("tab", { name: "Reply to customer" })).toHaveAttribute("aria-selected", "true");
  await expect(form).toHaveAttribute("data-mode", "reply");
  const replyBackground = await form.evaluate((el) => getComputedStyle(el).backgroundColor);

  await admin.getByRole("tab", { name: "Internal note" }).click();
  await expect(admin.getByRole("tab", { name: "Internal note" })).toHaveAttribute("aria-selected", "true");
  await expect(box(admin)).toBeFocused();
  await expect(form).toContainText("only the shop's admins see this");
  expect(await form.evaluate((el) => getComputedStyle(el).backgroundColor)).not.toBe(replyBackground);

  const note = `Courier lost it, refund tomorrow ${Date.now()}`;
  await box(admin).fill(note);
  await admin.getByRole("button", { name: "Send note" }).click();
  const sent = admin.getByRole("article", { name: "Internal note from Ada Admin" });
  await expect(sent).toContainText(note);
  await expect(sent).toContainText("Internal note · staff only");

  await customer.reload();
  await expect(messages(customer).getByText("Hello?")).toBeVisible();
  await expect(customer.getByText(note)).toHaveCount(0);
  await expect(customer.getByText("Internal note")).toHaveCount(0);
});

test("a closed conversation tells the customer that writing reopens it, and writing does", async ({ browser }) => {
  const order = await freshOrder("closed");
  const customer = await as(browser, order.customerEmail, `/orders/${order.orderNumber}/messages`);
  await box(customer).fill("Thanks, all good");
  await box(customer).press("Enter");
  await expect(messages(customer).getByRole("article", { name: "Message from Cora Conversation" })).toContainText("Thanks, all good");

  const admin = await as(browser, "admin@demo.test", `/admin/inbox/${await order.threadId()}`);
  await admin.getByRole("button", { name: "Close" }).click();
  await expect(admin.getByText("This conversation is closed.")).toBeVisible();

  await customer.reload();
  const banner = customer.getByRole("note");
  await expect(banner).toHaveText("This conversation is closed. Writing a message below will reopen it.");
  await box(customer).fill("Actually, one more thing");
  await box(customer).press("Enter");
  await expect(messages(customer).getByText("Actually, one more thing")).toBeVisible();
  await expect(banner).toHaveCount(0);
  // The reopen is a system line, centred, not anyone's bubble.
  await expect(messages(customer).getByRole("article", { name: "Event" }).last()).toBeVisible();
});

test("a reply is marked read only while the customer's tab is visible, and is announced politely", async ({ browser }) => {
  const order = await freshOrder("hidden");
  const first = await as(browser, order.customerEmail, `/orders/${order.orderNumber}/messages`);
  await box(first).fill("Where is it?");
  await box(first).press("Enter");
  await expect(messages(first).getByRole("article", { name: "Message from Cora Conversation" })).toContainText("Where is it?");
  await first.context().close();

  const admin = await as(browser, "admin@demo.test", `/admin/inbox/${await order.threadId()}`);
  await box(admin).fill("On its way.");
  await box(admin).press("Enter");
  const reply = messages(admin).getByRole("article", { name: "Message from Ada Admin" });
  await expect(reply.getByTestId("receipt")).toHaveText("Not read yet");

  // The customer's page opens in a background tab: nothing is read yet.
  const context = await browser.newContext();
  await context.addInitScript(() => {
    const w = window as unknown as { __visibility: string };
    w.__visibility = "hidden";
    Object.defineProperty(Document.prototype, "visibilityState", { configurable: true, get: () => w.__visibility });
  });
  const customer = await context.newPage();
  await signIn(customer, order.customerEmail);
  await customer.goto(`/orders/${order.orderNumber}/messages`);
  await expect(messages(customer).getByText("On its way.")).toBeVisible();
  await customer.waitForLoadState("networkidle");
  await admin.reload();
  await expect(reply.getByTestId("receipt")).toHaveText("Not read yet");

  // The tab comes to the front: now it is read.
  await customer.evaluate(() => {
    (window as unknown as { __visibility: string }).__visibility = "visible";
    document.dispatchEvent(new Event("visibilitychange"));
  });
  await expect(async () => {
    await admin.reload();
    await expect(reply.getByTestId("receipt")).toContainText("Seen by Cora Conversation (customer)", { timeout: 1_000 });
  }).toPass({ timeout: 10_000 });

  // A new reply reaches the open page (live, or by the 5 s poll) and is announced, not just drawn.
  await box(admin).fill("Courier says Tuesday.");
  await box(admin).press("Enter");
  await expect(messages(customer).getByText("Courier says Tuesday.")).toBeVisible({ timeout: 15_000 });
  await expect(customer.getByTestId("live-region")).toHaveText("New message from Ada Admin");
});
