import { expect, test } from "@playwright/test";

/** public/ serves the app's static assets, and every page's head points at them. */
test("the favicon, web manifest and channel icons are served and linked from the page", async ({ page, request }) => {
  await page.goto("/login");
  const manifestHref = await page.locator('link[rel="manifest"]').getAttribute("href");
  const iconHref = await page.locator('link[rel="icon"]').first().getAttribute("href");
  expect(manifestHref).toBe("/manifest.webmanifest");
  expect(iconHref).toMatch(/^\/favicon\.svg/);

  const manifest = await request.get(manifestHref!);
  expect(manifest.status()).toBe(200);
  const body = (await manifest.json()) as { name: string; start_url: string; icons: { src: string }[] };
  expect(body).toMatchObject({ name: "Orderline", start_url: "/" });
  for (const src of [iconHref!, ...body.icons.map((icon) => icon.src), ...["in_app", "email", "whatsapp", "sms"].map((c) => `/channels/${c}.svg`)]) {
    const asset = await request.get(src);
    expect(asset.status(), src).toBe(200);
    expect(asset.headers()["content-type"], src).toContain("image/svg+xml");
  }
});
