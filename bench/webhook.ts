/**
 * `webhook`: signed WhatsApp Cloud API webhooks into `POST /api/webhooks/whatsapp` under load, and
 * a check afterwards that none was lost: every id answered 2xx is in `inbound_events` and either
 * has its message or waits as `unmatched`.
 *
 * The payload is Meta's documented shape (object, entry[].changes[].value with metadata, contacts,
 * messages), signed as Meta signs it: `X-Hub-Signature-256: sha256=` HMAC-SHA256 of the raw body
 * with the app secret. Senders are bench customers' phones (set on their orders by
 * `ensureCustomerPhones`) and the text names one of their orders, so the events match and write
 * messages as a real customer's reply would.
 */
import { createHmac } from "node:crypto";
import type postgres from "postgres";
import { orderNumber, ordersOfCustomer, SCALE } from "./config";
import { load, type LoadResult } from "./load";

export const WHATSAPP_APP_SECRET = "orderline-bench-whatsapp-app-secret";
export const WHATSAPP_VERIFY_TOKEN = "orderline-bench-verify-token";

/** Customer c's phone as a shop writes it, and as WhatsApp reports the sender (digits, no "+"). */
const nationalOf = (c: number) => ({ exchange: 200 + Math.floor(c / 10_000), line: String(c % 10_000).padStart(4, "0") });
export const shopPhone = (c: number) => {
  const { exchange, line } = nationalOf(c);
  return `+1 415-${exchange}-${line}`;
};
export const waSender = (c: number) => {
  const { exchange, line } = nationalOf(c);
  return `1415${exchange}${line}`;
};

/**
 * The generator writes orders without phones; the token customers' orders get theirs here (once:
 * only where none is set), in the shop's own formatting, so matching compares them in E.164.
 */
export async function ensureCustomerPhones(sql: postgres.Sql): Promise<number> {
  const rows = await sql<{ n: number }[]>`
    WITH numbered AS (
      SELECT id, (substring(order_number FROM 4)::int - 1) % ${SCALE.customers} AS c
      FROM orders WHERE order_number ~ '^BN-[0-9]{6}$' AND customer_phone IS NULL
    )
    UPDATE orders SET customer_phone = '+1 415-' || (200 + numbered.c / 10000) || '-' || lpad((numbered.c % 10000)::text, 4, '0')
    FROM numbered WHERE orders.id = numbered.id AND numbered.c < ${SCALE.tokenCustomers}
    RETURNING 1 AS n`;
  return rows.length;
}

export interface WebhookResult extends LoadResult {
  /** Events whose call was answered 2xx. */
  answered: number;
  /** Of those: not in inbound_events, or in it without a message and not unmatched. */
  lost: number;
  lostSample: string[];
  /** inbound_events statuses of the answered ids. */
  eventStatuses: Record<string, number>;
  matched: number;
}

export async function measureWebhook(options: {
  origin: string;
  sql: postgres.Sql;
  connections: number;
  seconds: number;
}): Promise<WebhookResult> {
  const run = Date.now().toString(36);
  let n = 0;
  const answeredIds: string[] = [];
  const bodies: Record<string, number> = {};
  const result = await load({
    origin: options.origin,
    connections: options.connections,
    seconds: options.seconds,
    next: () => {
      const i = n++;
      const c = i % SCALE.tokenCustomers;
      const mine = ordersOfCustomer(c);
      const order = orderNumber(mine[Math.floor(i / SCALE.tokenCustomers) % mine.length]!);
      const id = `wamid.bench-${run}-${i}`;
      const body = JSON.stringify({
        object: "whatsapp_business_account",
        entry: [
          {
            id: "102654529450",
            changes: [
              {
                value: {
                  messaging_product: "whatsapp",
                  metadata: { display_phone_number: "12025550199", phone_number_id: "106540352242922" },
                  contacts: [{ profile: { name: `Bench customer ${c}` }, wa_id: waSender(c) }],
                  messages: [{ from: waSender(c), id, timestamp: String(Math.floor(Date.now() / 1000)), text: { body: `Hello, about ${order}: bench webhook ${i}` }, type: "text" }],
                },
                field: "messages",
              },
            ],
          },
        ],
      });
      const signature = createHmac("sha256", WHATSAPP_APP_SECRET).update(body).digest("hex");
      return { method: "POST", path: "/api/webhooks/whatsapp", headers: { "x-hub-signature-256": `sha256=${signature}` }, body, tag: id };
    },
    onResponse: (status, tag, body) => {
      if (status >= 200 && status < 300 && tag) answeredIds.push(tag);
      else if (status >= 400) bodies[body.slice(0, 200)] = (bodies[body.slice(0, 200)] ?? 0) + 1;
    },
  });
  if (Object.keys(bodies).length) console.log("[bench] webhook non-2xx bodies:", bodies);

  // None lost: each answered id once in inbound_events, with its message or in the unmatched queue.
  // The pipeline keys a WhatsApp message event as `message:<wamid>` (statuses as `status:…`).
  const keys = answeredIds.map((id) => `message:${id}`);
  const found = await options.sql<{ provider_event_id: string; status: string; message_id: string | null; has_message: boolean }[]>`
    SELECT e.provider_event_id, e.status::text AS status, e.message_id,
           EXISTS (SELECT 1 FROM messages m WHERE m.id = e.message_id) AS has_message
    FROM inbound_events e
    WHERE e.provider = 'whatsapp' AND e.provider_event_id = ANY(${keys})`;
  const byId = new Map(found.map((r) => [r.provider_event_id.replace(/^message:/, ""), r]));
  const eventStatuses: Record<string, number> = {};
  const lostIds: string[] = [];
  let matched = 0;
  for (const id of answeredIds) {
    const row = byId.get(id);
    if (row) eventStatuses[row.status] = (eventStatuses[row.status] ?? 0) + 1;
    if (row?.has_message) matched++;
    if (!row || (!row.has_message && row.status !== "unmatched")) lostIds.push(id);
  }
  return { ...result, answered: answeredIds.length, lost: lostIds.length, lostSample: lostIds.slice(0, 5), eventStatuses, matched };
}
