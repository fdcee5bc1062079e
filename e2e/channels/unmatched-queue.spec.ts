import { createHmac } from "node:crypto";
import { expect, test } from "@playwright/test";
import { signIn } from "../support/sign-in";

const APP_SECRET = "e2e-whatsapp-app-secret"; // playwright.config.ts gives the server the same

/** A WhatsApp Cloud API webhook as Meta posts it, signed over the exact bytes sent. */
function metaCall(id: string, from: string, text: string) {
  const body = JSON.stringify({
    object: "whatsapp_business_account",
    entry: [
      {
        id: "102654529451",
        changes: [
          {
            field: "messages",
            value: {
              messaging_product: "whatsapp",
              metadata: { display_phone_number: "12025550199", phone_number_id: "106540352242922" },
              contacts: [{ profile: { name: "Walk-in Customer" }, wa_id: from }],
              messages: [{ from, id, timestamp: String(Math.floor(Date.now() / 1000)), type: "text", text: { body: text } }],
            },
          },
        ],
      },
    ],
  });
  const signature = `sha256=${createHmac("sha256", APP_SECRET).update(body).digest("hex")}`;
  return { body, signature };
}

test("a WhatsApp from an unknown number waits in the unmatched queue until an admin assigns it to its order", async ({ page, request }, testInfo) => {
  const tag = `${Date.now()}${testInfo.retry}`;
  const id = `wamid.E2E${tag}`;
  const text = `Hi, this is about my parcel (${tag})`;
  const { body, signature } = metaCall(id, "12025550166", text);

  // Meta's subscription check, then the message; a wrong signature stores nothing.
  const check = await request.get("/api/webhooks/whatsapp?hub.mode=subscribe&hub.verify_token=e2e-whatsapp-verify-token&hub.challenge=4242");
  expect(await check.text()).toBe("4242");
  const forged = await request.post("/api/webhooks/whatsapp", { data: body, headers: { "Content-Type": "application/json", "X-Hub-Signature-256": `sha256=${"0".repeat(64)}` } });
  expect(forged.status()).toBe(401);
  const posted = await request.post("/api/webhooks/whatsapp", { data: body, headers: { "Content-Type": "application/json", "X-Hub-Signature-256": signature } });
  expect(posted.status()).toBe(200);
  // A channel without its secret says so.
  const sms = await request.post("/api/webhooks/sms", { form: { Body: "x" } });
  expect(sms.status()).toBe(503);

  await signIn(page, "admin@demo.test");
  await page.goto("/admin/webhooks/unmatched");
  await expect(page.getByRole("heading", { level: 1, name: "Unmatched messages" })).toBeVisible();
  const item = page.getByRole("listitem").filter({ hasText: text });
  await expect(item).toContainText("Walk-in Customer (+12025550166)");
  await item.getByRole("textbox", { name: "Order number" }).fill("ORD-1001");
  await item.getByRole("button", { name: "Assign to order" }).click();
  await expect(page.getByRole("listitem").filter({ hasText: text })).toHaveCount(0);

  // Now in ORD-1001's thread, as a WhatsApp message, once.
  const thread = await page.request.get("/api/orders/ORD-1001/messages?limit=100");
  const { messages } = (await thread.json()) as { messages: { content: string; channel: string; senderRole: string }[] };
  const arrived = messages.filter((m) => m.content === text);
  expect(arrived).toHaveLength(1);
  expect(arrived[0]).toMatchObject({ channel: "whatsapp", senderRole: "customer" });

  // The log still has it, matched by assignment.
  await page.goto("/admin/webhooks?status=matched");
  await expect(page.getByRole("listitem").filter({ hasText: text })).toContainText("by assigned");
});
