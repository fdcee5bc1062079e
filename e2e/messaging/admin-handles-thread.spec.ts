import { expect, test } from "@playwright/test";
import { signIn } from "../support/sign-in";

test("an admin adds an internal note the customer never sees, then closes and reopens the thread", async ({ browser }) => {
  const note = `Check the courier before answering #${Date.now()}`;

  const admin = await (await browser.newContext()).newPage();
  await signIn(admin, "admin@demo.test");
  await admin.getByRole("link", { name: /ORD-1002/ }).click();
  await expect(admin.getByRole("heading", { name: "Order ORD-1002" })).toBeVisible();

  await admin.getByRole("textbox", { name: "Message", exact: true }).fill(note);
  await admin.getByRole("tab", { name: "Internal note" }).click();
  await admin.getByRole("button", { name: "Send" }).click();
  await expect(admin.getByRole("article", { name: "Internal note from Ada Admin" }).last()).toContainText(note);

  await admin.getByRole("button", { name: "Close" }).click();
  await expect(admin.getByText("This conversation is closed.")).toBeVisible();
  await admin.getByRole("button", { name: "Reopen" }).click();
  await expect(admin.getByText("This conversation is closed.")).toHaveCount(0);
  await expect(admin.getByRole("button", { name: "Close" })).toBeVisible();

  const bob = await (await browser.newContext()).newPage();
  await signIn(bob, "bob@demo.test");
  await bob.goto("/orders/ORD-1002/messages");
  await expect(bob.getByRole("list", { name: "Messages" }).getByText("Is there a tracking number for my parcel?")).toBeVisible();
  await expect(bob.getByText(note)).toHaveCount(0);
  await expect(bob.getByRole("tab", { name: "Internal note" })).toHaveCount(0);
  // Pages are live (or poll): a conversation left open would mark the next test's reply read.
  await Promise.all([admin.context().close(), bob.context().close()]);
});

test("a supplier reads the thread of an order they fulfil, without the internal-note control", async ({ page }) => {
  await signIn(page, "sid@demo.test");
  // Sid's supplier fulfils ORD-1001 and ORD-1003, not ORD-1002.
  await expect(page.getByRole("link", { name: /ORD-1003/ })).toBeVisible();
  await expect(page.getByRole("link", { name: /ORD-1002/ })).toHaveCount(0);
  await page.getByRole("link", { name: /ORD-1001/ }).click();
  await expect(page).toHaveURL(/\/partner\/threads\/[0-9a-f-]{36}$/);
  await expect(page.getByRole("list", { name: "Messages" }).getByText("Hello Alice, it leaves our warehouse tomorrow morning.")).toBeVisible();
  await expect(page.getByText("Acme confirmed stock")).toHaveCount(0);
  await expect(page.getByRole("tab", { name: "Internal note" })).toHaveCount(0);
});

test("a customer sees a staff reply as unread on their orders until they open the conversation", async ({ browser }) => {
  const reply = `Your tracking number is TRK-${Date.now()}`;
  const admin = await (await browser.newContext()).newPage();
  await signIn(admin, "admin@demo.test");
  await admin.getByRole("link", { name: /ORD-1002/ }).click();
  await admin.getByRole("textbox", { name: "Message", exact: true }).fill(reply);
  await admin.getByRole("button", { name: "Send" }).click();
  await expect(admin.getByRole("list", { name: "Messages" }).getByText(reply)).toBeVisible();

  const bob = await (await browser.newContext()).newPage();
  await signIn(bob, "bob@demo.test");
  const row = bob.getByRole("list", { name: "Your orders" }).getByRole("link", { name: /ORD-1002/ });
  await expect(row).toContainText(reply);
  await expect(row).toContainText(/\d+ unread/);

  await row.click();
  await expect(bob.getByRole("list", { name: "Messages" }).getByText(reply)).toBeVisible();
  await bob.getByRole("link", { name: "← All orders" }).click();
  await expect(bob).toHaveURL("/orders");
  await expect(row).toContainText(reply);
  await expect(row).not.toContainText("unread");
});
