import { z } from "zod";
import { env } from "~/env";
import { assignInboundEvent } from "../../channels/assign-inbound-event";
import { getInboundEvent, INBOUND_PAGE_MAX, listInboundEvents } from "../../channels/list-inbound-events";
import { retryInboundEvent } from "../../channels/retry-inbound-event";
import { ZCursor } from "../schemas";
import { adminProcedure, createTRPCRouter } from "../trpc";

export const ZInboundStatus = z.enum(["received", "matched", "unmatched", "duplicate", "failed", "ignored"]);
export const ZInboundProvider = z.enum(["whatsapp", "twilio", "email", "order_events"]);

export const ZListInboundEventsInputSchema = z.object({
  cursor: ZCursor.nullish(),
  limit: z.number().int().min(1).max(INBOUND_PAGE_MAX).optional(),
  status: ZInboundStatus.optional(),
  provider: ZInboundProvider.optional(),
});
export type TListInboundEventsInputSchema = z.infer<typeof ZListInboundEventsInputSchema>;

export const ZUnmatchedInputSchema = ZListInboundEventsInputSchema.pick({ cursor: true, limit: true, provider: true });

export const ZInboundEvent = z.object({
  id: z.uuid(),
  provider: ZInboundProvider,
  providerEventId: z.string(),
  kind: z.enum(["message", "status", "order_event"]),
  status: ZInboundStatus,
  error: z.string().nullable(),
  matchReason: z.string().nullable(),
  orderNumber: z.string().nullable(),
  messageId: z.uuid().nullable(),
  threadId: z.uuid().nullable(),
  channel: z.string().nullable(),
  from: z.string().nullable(),
  fromName: z.string().nullable(),
  subject: z.string().nullable(),
  text: z.string().nullable(),
  sentAt: z.string().nullable(),
  headers: z.record(z.string(), z.string()),
  rawBody: z.string(),
  receivedAt: z.string(),
  processedAt: z.string().nullable(),
});
export type InboundEventDto = z.infer<typeof ZInboundEvent>;

export const ZInboundEventPage = z.object({ events: z.array(ZInboundEvent), nextCursor: z.string().nullable() });

export const ZGetInboundEventInputSchema = z.object({ eventId: z.uuid() });
export type TGetInboundEventInputSchema = z.infer<typeof ZGetInboundEventInputSchema>;

export const ZAssignInboundEventInputSchema = z.object({ eventId: z.uuid(), orderNumber: z.string().trim().min(1).max(64) });
export type TAssignInboundEventInputSchema = z.infer<typeof ZAssignInboundEventInputSchema>;

export const ZRetryInboundEventInputSchema = z.object({ eventId: z.uuid() });
export type TRetryInboundEventInputSchema = z.infer<typeof ZRetryInboundEventInputSchema>;

/** Admins' view of the channels: the inbound events log, the unmatched queue, assign and retry. */
export const webhooksRouter = createTRPCRouter({
  events: adminProcedure
    .input(ZListInboundEventsInputSchema)
    .output(ZInboundEventPage)
    .query(({ ctx, input }) => listInboundEvents(ctx.db, ctx.actor, input)),

  unmatched: adminProcedure
    .input(ZUnmatchedInputSchema)
    .output(ZInboundEventPage)
    .query(({ ctx, input }) => listInboundEvents(ctx.db, ctx.actor, { ...input, status: "unmatched" })),

  event: adminProcedure
    .input(ZGetInboundEventInputSchema)
    .output(ZInboundEvent)
    .query(({ ctx, input }) => getInboundEvent(ctx.db, ctx.actor, input)),

  assign: adminProcedure
    .input(ZAssignInboundEventInputSchema)
    .output(ZInboundEvent)
    .mutation(({ ctx, input }) => assignInboundEvent(ctx.db, ctx.actor, input, ctx.request)),

  retry: adminProcedure
    .input(ZRetryInboundEventInputSchema)
    .output(ZInboundEvent)
    .mutation(({ ctx, input }) => retryInboundEvent(ctx.db, ctx.actor, input, ctx.request, { replyDomain: env.REPLY_DOMAIN })),
});
