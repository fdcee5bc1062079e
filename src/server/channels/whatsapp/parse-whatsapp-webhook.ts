import { z } from "zod";
import { MalformedPayload, type InboundEnvelope } from "../inbound-message";
import { toE164 } from "../phone-number";

// Meta's documented webhook payload (WhatsApp Cloud API, field "messages"). Unknown fields pass:
// Meta adds them without notice, and a new field must never turn a delivery into a 400.
const ZMedia = z.object({ caption: z.string().optional(), mime_type: z.string().optional(), filename: z.string().optional() }).loose();
const ZWhatsAppMessage = z
  .object({
    from: z.string().min(1),
    id: z.string().min(1),
    timestamp: z.string().regex(/^\d+$/),
    type: z.string(),
    text: z.object({ body: z.string() }).optional(),
    button: z.object({ text: z.string() }).loose().optional(),
    interactive: z
      .object({ button_reply: z.object({ title: z.string() }).loose().optional(), list_reply: z.object({ title: z.string() }).loose().optional() })
      .loose()
      .optional(),
    image: ZMedia.optional(),
    document: ZMedia.optional(),
    video: ZMedia.optional(),
    audio: ZMedia.optional(),
    sticker: ZMedia.optional(),
  })
  .loose();
const ZWhatsAppStatus = z
  .object({
    id: z.string().min(1),
    status: z.string(),
    timestamp: z.string().regex(/^\d+$/),
    errors: z.array(z.object({ code: z.number().optional(), title: z.string().optional(), message: z.string().optional() }).loose()).optional(),
  })
  .loose();
const ZWhatsAppWebhook = z.object({
  object: z.literal("whatsapp_business_account"),
  entry: z.array(
    z.object({
      id: z.string(),
      changes: z.array(
        z.object({
          field: z.string(),
          value: z
            .object({
              metadata: z.object({ display_phone_number: z.string(), phone_number_id: z.string() }).loose().optional(),
              contacts: z.array(z.object({ wa_id: z.string(), profile: z.object({ name: z.string() }).loose().optional() }).loose()).optional(),
              messages: z.array(ZWhatsAppMessage).optional(),
              statuses: z.array(ZWhatsAppStatus).optional(),
            })
            .loose(),
        }),
      ),
    }),
  ),
});

type WhatsAppMessage = z.infer<typeof ZWhatsAppMessage>;

/** Text of a message; media without a caption is named, so the thread shows that something came. */
function textOf(message: WhatsAppMessage): string {
  if (message.text) return message.text.body;
  if (message.button) return message.button.text;
  const reply = message.interactive?.button_reply ?? message.interactive?.list_reply;
  if (reply) return reply.title;
  const media = message.image ?? message.document ?? message.video ?? message.audio ?? message.sticker;
  const caption = media?.caption ?? media?.filename;
  return caption ? `[${message.type}] ${caption}` : `[${message.type}]`;
}

const statusOf = { sent: "sent", delivered: "delivered", read: "read", failed: "failed" } as const;
const unixToIso = (seconds: string) => new Date(Number(seconds) * 1000).toISOString();

/**
 * One envelope per message and per status, across every entry and change of the call (Meta
 * batches). `raw` is the body exactly as received; it is JSON-parsed here, never re-serialised.
 */
export function parseWhatsAppWebhook(raw: string): InboundEnvelope[] {
  let json: unknown;
  try {
    json = JSON.parse(raw);
  } catch {
    throw new MalformedPayload("Body is not JSON");
  }
  const parsed = ZWhatsAppWebhook.safeParse(json);
  if (!parsed.success) throw new MalformedPayload(`Not a WhatsApp Cloud API webhook: ${parsed.error.issues[0]?.message ?? "invalid"}`);
  const envelopes: InboundEnvelope[] = [];
  for (const entry of parsed.data.entry) {
    for (const change of entry.changes) {
      if (change.field !== "messages") continue;
      const { value } = change;
      const ourNumber = value.metadata ? toE164(value.metadata.display_phone_number) : null;
      for (const message of value.messages ?? []) {
        const contact = value.contacts?.find((c) => c.wa_id === message.from);
        const attachmentMedia = message.image ?? message.document ?? message.video ?? message.audio ?? message.sticker;
        envelopes.push({
          providerEventId: `message:${message.id}`,
          parsed: {
            kind: "message",
            channel: "whatsapp",
            providerMessageId: message.id,
            // Meta's wa_id has no "+": "12025550101".
            from: toE164(message.from) ?? message.from,
            fromName: contact?.profile?.name ?? null,
            to: ourNumber ? [ourNumber] : [],
            subject: null,
            text: textOf(message),
            sentAt: unixToIso(message.timestamp),
            references: [],
            autoReply: null,
            attachments: attachmentMedia
              ? [{ fileName: attachmentMedia.filename ?? message.type, contentType: attachmentMedia.mime_type ?? "application/octet-stream", size: 0 }]
              : [],
          },
        });
      }
      for (const status of value.statuses ?? []) {
        const known = statusOf[status.status as keyof typeof statusOf] as (typeof statusOf)[keyof typeof statusOf] | undefined;
        if (!known) continue; // e.g. "deleted", "warning": nothing a delivery records
        const error = status.errors?.map((e) => [e.code, e.title ?? e.message].filter(Boolean).join(" ")).join("; ");
        envelopes.push({
          providerEventId: `status:${status.id}:${status.status}`,
          parsed: {
            kind: "status",
            provider: "whatsapp",
            providerMessageId: status.id,
            status: known,
            ...(error ? { error } : {}),
            at: unixToIso(status.timestamp),
          },
        });
      }
    }
  }
  return envelopes;
}
