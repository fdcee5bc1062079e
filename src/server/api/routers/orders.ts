import { z } from "zod";
import { getOrder } from "../../orders/get-order";
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

export const ZGetOrderInputSchema = z.object({ orderNumber: z.string().trim().min(1).max(64) });
export type TGetOrderInputSchema = z.infer<typeof ZGetOrderInputSchema>;

/**
 * A customer's view has no `suppliers` field at all: zod drops it, so which supplier fulfils the
 * order can never reach a customer, whatever the domain function returned.
 */
export const ZOrderDetails = z.discriminatedUnion("viewer", [
  ZOrderSummary.extend({ viewer: z.literal("customer") }),
  ZOrderSummary.extend({
    viewer: z.enum(["admin", "reseller", "supplier"]),
    suppliers: z.array(z.object({ id: z.string(), name: z.string() })),
  }),
]);
export type OrderDetailsDto = z.infer<typeof ZOrderDetails>;

export const ordersRouter = createTRPCRouter({
  /** The caller's orders, with or without a conversation yet (a customer's "Your orders"). */
  list: memberProcedure
    .input(ZListOrdersInputSchema)
    .output(ZListOrdersOutputSchema)
    .query(({ ctx, input }) => listOrders(ctx.db, ctx.actor, input)),

  /** One order the caller may see (the customer's order box); NOT_FOUND alike for a refused and a missing one. */
  get: memberProcedure
    .input(ZGetOrderInputSchema)
    .output(ZOrderDetails)
    .query(({ ctx, input }) => getOrder(ctx.db, ctx.actor, input)),
});
