import { expect, test } from "@playwright/test";
import { signIn } from "../support/sign-in";
import { openUserMenu } from "../support/user-menu";

const demoUsers = [
  { email: "admin@demo.test", name: "Ada Admin", landing: "/admin/inbox" },
  { email: "alice@demo.test", name: "Alice Customer", landing: "/orders" },
  { email: "bob@demo.test", name: "Bob Customer", landing: "/orders" },
  { email: "rita@demo.test", name: "Rita Reseller", landing: "/partner" },
  { email: "sam@demo.test", name: "Sam Reseller", landing: "/partner" },
  { email: "sid@demo.test", name: "Sid Supplier", landing: "/partner" },
  { email: "sue@demo.test", name: "Sue Supplier", landing: "/partner" },
];

for (const user of demoUsers) {
  test(`${user.email} signs in and lands on ${user.landing}`, async ({ page }) => {
    await signIn(page, user.email);
    await expect(page).toHaveURL(user.landing);
    await expect(page.getByRole("banner")).toContainText(user.name);
    await expect(page.getByRole("heading", { name: "This page is not for your account" })).toHaveCount(0);
  });
}

test("a wrong password is refused with a message that says so", async ({ page }) => {
  await page.goto("/login");
  await page.getByLabel("Email").fill("alice@demo.test");
  await page.getByLabel("Password").fill("not-the-password");
  await page.getByRole("button", { name: "Sign in" }).click();
  await expect(page.getByRole("form", { name: "Sign in" }).getByRole("alert")).toHaveText("Wrong email or password.");
  await expect(page).toHaveURL(/\/login/);
});

test("an account with too many failed attempts is told it is locked, not that the password is wrong", async ({ page }) => {
  // An address no demo user has, so the lock cannot disturb the other tests.
  const email = `locked-${Date.now()}@demo.test`;
  await page.goto("/login");
  await page.getByLabel("Email").fill(email);
  await page.getByLabel("Password").fill("guess");
  const alert = page.getByRole("form", { name: "Sign in" }).getByRole("alert");
  for (let attempt = 0; attempt < 30; attempt++) {
    await page.getByRole("button", { name: "Sign in" }).click();
    await expect(alert).toBeVisible();
    await expect(page.getByRole("button", { name: "Sign in" })).toBeEnabled();
    if ((await alert.textContent())?.includes("Too many failed sign-in attempts")) break;
  }
  await expect(alert).toContainText("Too many failed sign-in attempts for this account");
});

test("signing out ends the session", async ({ page }) => {
  await signIn(page, "bob@demo.test");
  await (await openUserMenu(page)).getByRole("button", { name: "Sign out" }).click();
  await expect(page).toHaveURL(/\/login/);
  await page.goto("/orders");
  await expect(page).toHaveURL(/\/login\?callbackUrl=%2Forders/);
});

test("a customer is refused the admin inbox and pointed back to their orders", async ({ page }) => {
  await signIn(page, "alice@demo.test");
  await page.goto("/admin/inbox");
  await expect(page.getByRole("heading", { name: "This page is not for your account" })).toBeVisible();
  await page.getByRole("link", { name: "Go to My orders" }).click();
  await expect(page).toHaveURL("/orders");
});

test("a supplier is refused the customers' orders", async ({ page }) => {
  await signIn(page, "sid@demo.test");
  await page.goto("/orders");
  await expect(page.getByRole("heading", { name: "This page is not for your account" })).toBeVisible();
  await expect(page.getByRole("link", { name: "Go to Partner threads" })).toHaveAttribute("href", "/partner");
});

test("an anonymous visit is sent to sign in, and back afterwards", async ({ page }) => {
  await page.goto("/admin/inbox");
  await expect(page).toHaveURL("/login?callbackUrl=%2Fadmin%2Finbox");
  await signIn(page, "admin@demo.test");
  await expect(page).toHaveURL("/admin/inbox");
});

test("the home page sends an anonymous visitor to sign in", async ({ page }) => {
  await page.goto("/");
  await expect(page).toHaveURL("/login");
});

test.describe("before the page's JavaScript runs", () => {
  test.use({ javaScriptEnabled: false });

  test("the sign-in form cannot be submitted, so a password never travels in a URL", async ({ page }) => {
    await page.goto("/login");
    await expect(page.getByLabel("Password")).toBeDisabled();
    await expect(page.getByRole("button", { name: "Sign in" })).toBeDisabled();
    await expect(page.getByRole("form", { name: "Sign in" })).toHaveAttribute("method", "post");
  });
});
