import { createHmac } from "node:crypto";
import { expect, type APIRequestContext } from "@playwright/test";

const APP_SECRET = "e2e-whatsapp-app-secret"; // playwright.config.ts gives the server the same

/** A WhatsApp Cloud API webhook as Meta posts it, signed over the exact bytes sent. */
export function metaCall(id: string, from: string, text: string, name = "Walk-in Customer") {
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
              contacts: [{ profile: { name }, wa_id: from }],
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

/** Posts one signed WhatsApp message from `from` (digits, as Meta sends them) and expects it stored. */
export async function postWhatsApp(request: APIRequestContext, from: string, text: string, name?: string): Promise<void> {
  const id = `wamid.E2E${Date.now()}${Math.floor(Math.random() * 1e6)}`;
  const { body, signature } = metaCall(id, from, text, name);
  const posted = await request.post("/api/webhooks/whatsapp", { data: body, headers: { "Content-Type": "application/json", "X-Hub-Signature-256": signature } });
  expect(posted.status()).toBe(200);
}
