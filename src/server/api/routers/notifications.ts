import { z } from "zod";
import { countUnreadNotifications, listNotifications, markNotificationsRead, NOTIFICATION_PAGE } from "../../notify/notifications";
import { ZCursor } from "../schemas";
import { createTRPCRouter, memberProcedure } from "../trpc";

export const ZListNotificationsInputSchema = z.object({
  cursor: ZCursor.nullish(),
  limit: z.number().int().min(1).max(NOTIFICATION_PAGE.max).optional(),
});

export const ZNotification = z.object({
  id: z.uuid(),
  kind: z.string(),
  title: z.string(),
  threadId: z.uuid().nullable(),
  orderNumber: z.string(),
  createdAt: z.string(),
  read: z.boolean(),
});

export const ZListNotificationsOutputSchema = z.object({ notifications: z.array(ZNotification), nextCursor: z.string().nullable() });
export const ZMarkNotificationReadInputSchema = z.object({ id: z.uuid() });
const ZMarked = z.object({ marked: z.number().int().nonnegative() });

/** The caller's own in-app notifications (the header's bell). */
export const notificationsRouter = createTRPCRouter({
  list: memberProcedure
    .input(ZListNotificationsInputSchema)
    .output(ZListNotificationsOutputSchema)
    .query(({ ctx, input }) => listNotifications(ctx.db, ctx.actor, input)),
  unreadCount: memberProcedure
    .output(z.object({ unread: z.number().int().nonnegative() }))
    .query(async ({ ctx }) => ({ unread: await countUnreadNotifications(ctx.db, ctx.actor) })),
  markRead: memberProcedure
    .input(ZMarkNotificationReadInputSchema)
    .output(ZMarked)
    .mutation(({ ctx, input }) => markNotificationsRead(ctx.db, ctx.actor, { id: input.id })),
  markAllRead: memberProcedure.output(ZMarked).mutation(({ ctx }) => markNotificationsRead(ctx.db, ctx.actor, { all: true })),
});
