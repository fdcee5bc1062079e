/** Test-only: WhatsApp Cloud API webhook payloads in Meta's documented shape. */

export interface WaMessage {
  id: string;
  from: string;
  text: string;
  name?: string;
  timestamp?: number;
}

export const waMessage = (m: WaMessage) => ({
  from: m.from,
  id: m.id,
  timestamp: String(m.timestamp ?? 1_795_000_000),
  text: { body: m.text },
  type: "text",
});

export const waChange = (value: { messages?: ReturnType<typeof waMessage>[]; statuses?: unknown[]; contacts?: { name: string; wa_id: string }[] }) => ({
  value: {
    messaging_product: "whatsapp",
    metadata: { display_phone_number: "12025550199", phone_number_id: "106540352242922" },
    ...(value.contacts ? { contacts: value.contacts.map((c) => ({ profile: { name: c.name }, wa_id: c.wa_id })) } : {}),
    ...(value.messages ? { messages: value.messages } : {}),
    ...(value.statuses ? { statuses: value.statuses } : {}),
  },
  field: "messages",
});

export const waWebhook = (entries: ReturnType<typeof waChange>[][]) => ({
  object: "whatsapp_business_account",
  entry: entries.map((changes, i) => ({ id: `10265452945${i}`, changes })),
});

export const waStatus = (id: string, status: string, errors?: { code: number; title: string }[]) => ({
  id,
  status,
  timestamp: "1795000100",
  recipient_id: "12025550101",
  conversation: { id: "c0a1b2", origin: { type: "service" } },
  pricing: { billable: true, pricing_model: "CBP", category: "service" },
  ...(errors ? { errors } : {}),
});

/** JSON the way Meta sends it: non-ASCII as \uXXXX and "/" as "\/" (the bytes that are signed). */
export function metaJson(value: unknown): string {
  return JSON.stringify(value)
    .replace(/[\u007f-\uffff]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, "0")}`)
    .replace(/\//g, "\\/");
}
