import { expect, test } from "@playwright/test";
import { signIn } from "../support/sign-in";
import { openUserMenu } from "../support/user-menu";

/**
 * An integrator's journey: create a token in the UI, use it against the real REST API from a
 * client that has no session cookie (Playwright's `request` fixture), then revoke it in the UI.
 */
test("a reseller creates an API token, uses it over REST, and revokes it", async ({ page, request }, testInfo) => {
  // Unique per attempt: a retry or --repeat-each finds the earlier attempt's token in the list.
  const tokenName = `Shop sync ${testInfo.repeatEachIndex}.${testInfo.retry}`;
  await signIn(page, "rita@demo.test");
  // An integrators' tool, so it sits in the account menu rather than the main navigation.
  await (await openUserMenu(page)).getByRole("link", { name: "API tokens" }).click();
  await expect(page.getByRole("heading", { level: 1, name: "API tokens" })).toBeVisible();

  await page.getByRole("textbox", { name: "Token name" }).fill(tokenName);
  await page.getByRole("button", { name: "Create token" }).click();
  const secretField = page.getByRole("textbox", { name: "New token secret" });
  await expect(secretField).toHaveValue(/^olt_/);
  await expect(secretField).toHaveAttribute("readonly", "");
  await expect(page.getByText("Copy it now: it will not be shown again")).toBeVisible();
  await expect(page.getByRole("button", { name: "Copy" })).toBeVisible();
  const token = await secretField.inputValue();

  const tokens = page.getByRole("list", { name: "Your API tokens" });
  const row = tokens.getByRole("listitem").filter({ has: page.getByRole("heading", { name: tokenName, exact: true }) });
  await expect(row).toContainText(token.slice(0, 10));
  await expect(row).toContainText("Active");
  await expect(row).not.toContainText(token);

  const bearer = { Authorization: `Bearer ${token}` };
  // Rita's store (north) sells ORD-1001; ORD-1003 is south's, and answers like an unknown order.
  const own = await request.get("/api/orders/ORD-1001/messages", { headers: bearer });
  expect(own.status()).toBe(200);
  expect(((await own.json()) as { thread: { orderNumber: string } }).thread.orderNumber).toBe("ORD-1001");
  expect((await request.get("/api/orders/ORD-1003/messages", { headers: bearer })).status()).toBe(404);

  // A token cannot mint a successor that would outlive its revocation. Without a transformer the
  // body of a tRPC mutation is the bare input.
  const minted = await request.post("/api/trpc/apiTokens.create", { headers: bearer, data: { name: "x" } });
  expect(minted.status()).toBe(403);

  await row.getByRole("button", { name: `Revoke ${tokenName}` }).click();
  await expect(row).toContainText("Revoked");
  await expect(row.getByRole("button", { name: /Revoke/ })).toHaveCount(0);

  const revoked = await request.get("/api/orders/ORD-1001/messages", { headers: bearer });
  expect(revoked.status()).toBe(401);
});

test("an anonymous visitor is sent to sign in and comes back to API tokens", async ({ page }) => {
  await page.goto("/settings/tokens");
  await expect(page).toHaveURL(/\/login\?callbackUrl=%2Fsettings%2Ftokens$/);
  await page.getByLabel("Email").fill("alice@demo.test");
  await page.getByLabel("Password").fill("orderline-demo");
  await page.getByRole("button", { name: "Sign in" }).click();
  await expect(page).toHaveURL(/\/settings\/tokens$/);
  await expect(page.getByRole("heading", { level: 1, name: "API tokens" })).toBeVisible();
});
