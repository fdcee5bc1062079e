import { z } from "zod";
import { getCapturedMail } from "../../delivery/get-captured-mail";
import { DELIVERY_PAGE_MAX, getDelivery, listDeliveries } from "../../delivery/list-deliveries";
import { ZChannel, ZCursor } from "../schemas";
import { adminProcedure, createTRPCRouter } from "../trpc";

export const ZDeliveryStatus = z.enum(["pending", "sending", "sent", "delivered", "failed", "cancelled"]);

/** The channels a delivery goes out on (in-app messages are read in the app, never delivered). */
export const ZDeliveryChannel = ZChannel.exclude(["in_app"]);

export const ZListDeliveriesInputSchema = z.object({
  status: ZDeliveryStatus.optional(),
  channel: ZDeliveryChannel.optional(),
  cursor: ZCursor.nullish(),
  limit: z.number().int().min(1).max(DELIVERY_PAGE_MAX).optional(),
});
export type TListDeliveriesInputSchema = z.infer<typeof ZListDeliveriesInputSchema>;

export const ZDeliverySummary = z.object({
  id: z.uuid(),
  kind: z.enum(["message", "digest"]),
  status: ZDeliveryStatus,
  channel: ZChannel,
  recipient: z.string(),
  attempts: z.number().int().nonnegative(),
  lastError: z.string().nullable(),
  fallbackFrom: ZChannel.nullable(),
  fallbackReason: z.string().nullable(),
  providerMessageId: z.string().nullable(),
  hasCapturedMail: z.boolean(),
  nextAttemptAt: z.string(),
  sentAt: z.string().nullable(),
  createdAt: z.string(),
  updatedAt: z.string(),
  // Null for a digest, which is about a user's notifications rather than one message.
  orderNumber: z.string().nullable(),
  threadId: z.uuid().nullable(),
  messageId: z.uuid().nullable(),
  senderName: z.string().nullable(),
  preview: z.string(),
});
export type DeliverySummaryDto = z.infer<typeof ZDeliverySummary>;

export const ZListDeliveriesOutputSchema = z.object({ deliveries: z.array(ZDeliverySummary), nextCursor: z.string().nullable() });

export const ZGetDeliveryInputSchema = z.object({ deliveryId: z.uuid() });
export type TGetDeliveryInputSchema = z.infer<typeof ZGetDeliveryInputSchema>;

export const ZCapturedMailInputSchema = z.object({ deliveryId: z.uuid() });
export type TCapturedMailInputSchema = z.infer<typeof ZCapturedMailInputSchema>;

export const ZCapturedMail = z.object({
  deliveryId: z.uuid(),
  from: z.string().nullable(),
  to: z.string().nullable(),
  replyTo: z.string().nullable(),
  subject: z.string().nullable(),
  messageId: z.string().nullable(),
  inReplyTo: z.string().nullable(),
  references: z.array(z.string()),
  date: z.string().nullable(),
  text: z.string(),
  raw: z.string(),
});

/** The outbox, for admins: what went out, what is waiting, what failed or fell back and why. */
export const deliveriesRouter = createTRPCRouter({
  list: adminProcedure
    .input(ZListDeliveriesInputSchema)
    .output(ZListDeliveriesOutputSchema)
    .query(({ ctx, input }) => listDeliveries(ctx.db, input)),

  get: adminProcedure
    .input(ZGetDeliveryInputSchema)
    .output(ZDeliverySummary)
    .query(({ ctx, input }) => getDelivery(ctx.db, input)),

  capturedMail: adminProcedure
    .input(ZCapturedMailInputSchema)
    .output(ZCapturedMail)
    .query(({ ctx, input }) => getCapturedMail(ctx.db, input)),
});
