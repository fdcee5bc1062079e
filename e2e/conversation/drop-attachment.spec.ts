import { expect, test } from "@playwright/test";
import { readFile } from "node:fs/promises";
import { freshOrder } from "../support/fresh-order";
import { signIn } from "../support/sign-in";

// A 1×1 PNG: uploads are checked by their bytes, so it has to be a real one.
const PNG_BASE64 = "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==";

test("a file dropped on the composer uploads with progress and a thumbnail, is sent, previews and downloads", async ({ browser }) => {
  const order = await freshOrder("drop");
  const context = await browser.newContext({ acceptDownloads: true });
  const page = await context.newPage();
  await signIn(page, order.customerEmail);
  await page.goto(`/orders/${order.orderNumber}/messages`);
  const box = page.getByRole("textbox", { name: "Message", exact: true });
  await expect(box).toBeEnabled();

  // The upload is held for a moment, so its progress is on screen before it completes.
  let release!: () => void;
  const held = new Promise<void>((resolve) => (release = resolve));
  await page.route("**/api/attachments", async (route) => {
    if (route.request().method() === "POST") await held;
    await route.continue();
  });

  // What the browser dispatches when a file is dragged from the desktop and dropped on the composer.
  const dataTransfer = await page.evaluateHandle((base64) => {
    const bytes = Uint8Array.from(atob(base64), (c) => c.charCodeAt(0));
    const transfer = new DataTransfer();
    transfer.items.add(new File([bytes], "dented-box.png", { type: "image/png" }));
    return transfer;
  }, PNG_BASE64);
  const composer = page.getByRole("form", { name: "Write a message" });
  await composer.dispatchEvent("dragenter", { dataTransfer });
  await composer.dispatchEvent("dragover", { dataTransfer });
  await composer.dispatchEvent("drop", { dataTransfer });

  const files = page.getByRole("list", { name: "Files to send" });
  await expect(files.getByRole("progressbar", { name: "Uploading dented-box.png" })).toBeVisible();
  const preview = files.getByRole("img", { name: "Preview of dented-box.png" });
  await expect(preview).toBeVisible();
  await expect.poll(() => preview.evaluate((img: HTMLImageElement) => img.naturalWidth)).toBe(1);
  // Nothing can be sent while a file is still on its way.
  await box.fill("Photo of the box as it arrived");
  const send = page.getByRole("button", { name: "Send" });
  await expect(send).toBeDisabled();
  release();
  await expect(files.getByText("Uploaded")).toBeVisible();
  await send.click();
  await expect(page.getByRole("list", { name: "Files to send" })).toHaveCount(0);
  const mine = page.getByRole("list", { name: "Messages" }).getByRole("article", { name: "Message from Cora Conversation" });
  await expect(mine).toContainText("Photo of the box as it arrived");
  const thumbnail = mine.getByRole("img", { name: "dented-box.png" });
  await expect(thumbnail).toBeVisible();
  await expect.poll(() => thumbnail.evaluate((img: HTMLImageElement) => img.naturalWidth)).toBe(1);

  // Downloaded the way a person does it: the link, a real browser download.
  const [download] = await Promise.all([page.waitForEvent("download"), mine.getByRole("link", { name: "Download dented-box.png" }).click()]);
  expect(download.suggestedFilename()).toBe("dented-box.png");
  expect((await readFile((await download.path())!)).equals(Buffer.from(PNG_BASE64, "base64"))).toBe(true);
  await context.close();
});
