import { expect, type Locator, type Page } from "@playwright/test";

/** The header's account button (UserMenu): the user's name and role, with "API tokens" and sign-out behind it. */
export function userMenuButton(page: Page): Locator {
  return page.getByRole("banner").getByRole("button", { name: /^Account menu for / });
}

/** Opens the account menu with a click, as a mouse user does, and answers the header to look in. */
export async function openUserMenu(page: Page): Promise<Locator> {
  const button = userMenuButton(page);
  await button.click();
  await expect(button).toHaveAttribute("aria-expanded", "true");
  return page.getByRole("banner");
}
