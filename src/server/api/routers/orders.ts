import { z } from "zod";
import { listOrders, ORDER_PAGE_MAX } from "../../orders/list-orders";
import { ZCursor, ZOrderStatus, ZThreadStatus } from "../schemas";
import { createTRPCRouter, memberProcedure } from "../trpc";
import { ZLastMessage } from "./threads";

export const ZListOrdersInputSchema = z.object({
  cursor: ZCursor.nullish(),
  limit: z.number().int().min(1).max(ORDER_PAGE_MAX).optional(),
});
export type TListOrdersInputSchema = z.infer<typeof ZListOrdersInputSchema>;

export const ZOrderSummary = z.object({
  orderNumber: z.string(),
  orderStatus: ZOrderStatus,
  storeId: z.string(),
  placedAt: z.string(),
  conversation: z
    .object({
      threadId: z.uuid(),
      status: ZThreadStatus,
      lastMessageAt: z.string(),
      lastMessage: ZLastMessage.nullable(),
      unreadCount: z.number().int().nonnegative(),
    })
    .nullable(),
});

export const ZListOrdersOutputSchema = z.object({
  orders: z.array(ZOrderSummary),
  nextCursor: z.string().nullable(),
});

export const ordersRouter = createTRPCRouter({
  /** The caller's orders, with or without a conversation yet (a customer's "Your orders"). */
  list: memberProcedure
    .input(ZListOrdersInputSchema)
    .output(ZListOrdersOutputSchema)
    .query(({ ctx, input }) => listOrders(ctx.db, ctx.actor, input)),
});
