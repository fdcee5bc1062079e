import { z } from "zod";

/**
 * Output shapes of the public contract (CONTRACT.md). Every procedure validates its output with
 * these, so a field that is not listed here (a reply token, a password hash) can never leak.
 * Timestamps are ISO 8601 strings, identical over tRPC and REST.
 */
export const ZRole = z.enum(["customer", "admin", "supplier", "reseller"]);
export const ZSenderRole = z.enum(["customer", "admin", "supplier", "reseller", "system"]);
export const ZChannel = z.enum(["in_app", "email", "whatsapp", "sms"]);
export const ZMessageType = z.enum(["text", "attachment", "system_event"]);
export const ZThreadStatus = z.enum(["open", "closed"]);
export const ZOrderStatus = z.enum(["pending", "processing", "shipped", "delivered", "completed", "cancelled", "refunded"]);

export const ZAttachment = z.object({
  id: z.string().uuid(),
  fileName: z.string(),
  contentType: z.string(),
  size: z.number().int(),
  url: z.string(),
});

export const ZReadReceipt = z.object({ userId: z.string().uuid(), role: ZRole, readAt: z.string() });

export const ZMessage = z.object({
  id: z.string().uuid(),
  threadId: z.string().uuid(),
  orderNumber: z.string(),
  senderRole: ZSenderRole,
  senderId: z.string().uuid().nullable(),
  senderName: z.string(),
  channel: ZChannel,
  messageType: ZMessageType,
  content: z.string(),
  isInternal: z.boolean(),
  attachments: z.array(ZAttachment),
  createdAt: z.string(),
  readByMe: z.boolean(),
  readBy: z.array(ZReadReceipt),
});
export type MessageDto = z.infer<typeof ZMessage>;

/**
 * A message as staff and partners see it in the thread view: each receipt names its reader (the
 * domain sets `name` on every receipt of their pages; optional only because the view type is shared).
 */
export const ZMessageWithReaders = ZMessage.extend({
  readBy: z.array(ZReadReceipt.extend({ name: z.string().optional() })),
});

export const ZThread = z.object({
  id: z.string().uuid(),
  orderNumber: z.string(),
  status: ZThreadStatus,
  lastMessageAt: z.string(),
  closedAt: z.string().nullable(),
  closedBy: z.string().uuid().nullable(),
});
export type ThreadDto = z.infer<typeof ZThread>;

const loneSurrogate = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

/**
 * Text a person typed, as Postgres can store it exactly: no NUL and no lone UTF-16 surrogate
 * (either would be refused by the database or stored as something other than what was sent).
 */
export const ZText = z
  .string()
  .refine((s) => !s.includes("\u0000") && !loneSurrogate.test(s), "Must be valid Unicode text without NUL characters");

/** A date a query can use: Postgres timestamps live between years 1 and 9999. */
export const ZQueryDate = z.coerce
  .date()
  .min(new Date("0001-01-01T00:00:00Z"), "Date out of range")
  .max(new Date("9999-12-31T23:59:59.999Z"), "Date out of range");

/** A keyset cursor: opaque to clients. */
export const ZCursor = z.string().max(200);
