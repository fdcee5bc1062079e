import { z } from "zod";

/**
 * The one shape every provider's payload is parsed into (Novu's idea, with signatures checked).
 * Everything after parsing — storing, matching, writing the message — works on these; the raw
 * body as received stays in inbound_events.raw_body beside it.
 */
export const ZInboundChannel = z.enum(["email", "whatsapp", "sms"]);
export type InboundChannel = z.infer<typeof ZInboundChannel>;

export const ZInboundMessage = z.object({
  kind: z.literal("message"),
  channel: ZInboundChannel,
  /** Meta's wamid, Twilio's MessageSid, the email's Message-ID. */
  providerMessageId: z.string().min(1),
  /** Lower-cased email address, or the phone in E.164 (null when the provider's number is not a phone). */
  from: z.string(),
  fromName: z.string().nullable(),
  /** Addresses the mail was sent to (reply+<token>@ lives here); our number for WhatsApp/SMS. */
  to: z.array(z.string()),
  subject: z.string().nullable(),
  /** What the customer wrote, quoted history and signature removed. */
  text: z.string(),
  /** When the provider says it was sent (ISO 8601). */
  sentAt: z.string(),
  /** Message-IDs of In-Reply-To and References (email only). */
  references: z.array(z.string()),
  /** Why this is not a person writing (auto-reply, bounce, our own mail); null for a real message. */
  autoReply: z.string().nullable(),
  attachments: z.array(z.object({ fileName: z.string(), contentType: z.string(), size: z.number().int().nonnegative() })),
});
export type InboundMessage = z.infer<typeof ZInboundMessage>;

/** A delivery status from a provider (WhatsApp `statuses`, Twilio status callbacks). */
export const ZInboundStatus = z.object({
  kind: z.literal("status"),
  provider: z.enum(["whatsapp", "twilio"]),
  providerMessageId: z.string().min(1),
  status: z.enum(["sent", "delivered", "read", "failed"]),
  error: z.string().optional(),
  at: z.string(),
});
export type InboundStatus = z.infer<typeof ZInboundStatus>;

/** The shop's order-lifecycle event (POST /api/events/orders), or the same from inside the app. */
export const ZOrderEvent = z.object({
  eventId: z.string().trim().min(1).max(200),
  orderNumber: z.string().trim().min(1).max(64),
  type: z.string().trim().min(1).max(100),
  text: z.string().trim().min(1).max(10_000),
  occurredAt: z.iso.datetime({ offset: true }).optional(),
  data: z
    .object({
      status: z.enum(["pending", "processing", "shipped", "delivered", "completed", "cancelled", "refunded"]).optional(),
      trackingNumber: z.string().trim().min(1).max(200).optional(),
      trackingUrl: z.url({ protocol: /^https?$/ }).max(2000).optional(),
    })
    .loose()
    .optional(),
});
export type OrderEvent = z.infer<typeof ZOrderEvent>;
export const ZInboundOrderEvent = ZOrderEvent.extend({ kind: z.literal("order_event") });
export type InboundOrderEvent = z.infer<typeof ZInboundOrderEvent>;

export const ZParsedInbound = z.discriminatedUnion("kind", [ZInboundMessage, ZInboundStatus, ZInboundOrderEvent]);
export type ParsedInbound = z.infer<typeof ZParsedInbound>;

export type InboundProvider = "whatsapp" | "twilio" | "email" | "order_events";

/** One event of a provider call, ready to be stored: its id, and the part of the call it is. */
export interface InboundEnvelope {
  providerEventId: string;
  parsed: ParsedInbound;
}

/** A payload that passed the signature but is not what the provider documents: a 400, kept as failed. */
export class MalformedPayload extends Error {
  constructor(message: string) {
    super(message);
    this.name = "MalformedPayload";
  }
}
