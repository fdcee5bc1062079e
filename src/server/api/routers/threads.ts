import { z } from "zod";
import { closeThread, reopenThread } from "../../messaging/change-thread-status";
import { getThread } from "../../messaging/get-thread";
import { listCustomerOrders } from "../../messaging/list-customer-orders";
import { listThreads, THREAD_PAGE_MAX } from "../../messaging/list-threads";
import { ZChannel, ZCursor, ZOrderStatus, ZSenderRole, ZThread, ZThreadStatus } from "../schemas";
import { adminProcedure, createTRPCRouter, memberProcedure } from "../trpc";

const ZOrderNumber = z.string().trim().min(1).max(64);

export const ZCloseThreadInputSchema = z.object({ orderNumber: ZOrderNumber });
export type TCloseThreadInputSchema = z.infer<typeof ZCloseThreadInputSchema>;

export const ZReopenThreadInputSchema = z.object({ orderNumber: ZOrderNumber });
export type TReopenThreadInputSchema = z.infer<typeof ZReopenThreadInputSchema>;

export const ZListThreadsInputSchema = z.object({
  cursor: ZCursor.nullish(),
  limit: z.number().int().min(1).max(THREAD_PAGE_MAX).optional(),
  status: ZThreadStatus.optional(),
  unreadOnly: z.boolean().optional(),
});
export type TListThreadsInputSchema = z.infer<typeof ZListThreadsInputSchema>;

export const ZLastMessage = z.object({
  preview: z.string(),
  channel: ZChannel,
  senderRole: ZSenderRole,
  senderName: z.string(),
  isInternal: z.boolean(),
  /** Written by the caller: lists label it "You". */
  fromMe: z.boolean(),
  createdAt: z.string(),
});

export const ZThreadSummary = z.object({
  id: z.uuid(),
  orderNumber: z.string(),
  orderStatus: ZOrderStatus,
  storeId: z.string(),
  customerName: z.string(),
  status: ZThreadStatus,
  lastMessageAt: z.string(),
  lastMessage: ZLastMessage.nullable(),
  unreadCount: z.number().int().nonnegative(),
  /** Staff and partners: since when a customer has been waiting for a reply. Always null for customers. */
  customerWaitingSince: z.string().nullable(),
});
export type ThreadSummaryDto = z.infer<typeof ZThreadSummary>;

export const ZListThreadsOutputSchema = z.object({
  threads: z.array(ZThreadSummary),
  nextCursor: z.string().nullable(),
});

export const ZGetThreadInputSchema = z.object({ threadId: z.uuid() });
export type TGetThreadInputSchema = z.infer<typeof ZGetThreadInputSchema>;

const ZThreadDetailsBase = ZThread.extend({
  orderStatus: ZOrderStatus,
  storeId: z.string(),
  customerName: z.string(),
  /** Admins only; null for everyone else. */
  customerEmail: z.string().nullable(),
  customerPhone: z.string().nullable(),
});

/**
 * A customer's view has no `suppliers` field at all: zod drops it, so which supplier fulfils the
 * order can never reach a customer, whatever the domain function returned.
 */
export const ZThreadDetails = z.discriminatedUnion("viewer", [
  ZThreadDetailsBase.extend({ viewer: z.literal("customer") }),
  ZThreadDetailsBase.extend({
    viewer: z.enum(["admin", "reseller", "supplier"]),
    suppliers: z.array(z.object({ id: z.string(), name: z.string() })),
  }),
]);
export type ThreadDetailsDto = z.infer<typeof ZThreadDetails>;

export const ZCustomerOrdersInputSchema = z.object({ threadId: z.uuid() });
export type TCustomerOrdersInputSchema = z.infer<typeof ZCustomerOrdersInputSchema>;

export const ZCustomerOrdersOutputSchema = z.array(
  z.object({ orderNumber: z.string(), status: ZOrderStatus, createdAt: z.string(), threadId: z.uuid().nullable() }),
);

export const threadsRouter = createTRPCRouter({
  close: adminProcedure
    .meta({
      openapi: {
        method: "PATCH",
        path: "/orders/{orderNumber}/thread/close",
        protect: true,
        tags: ["threads"],
        summary: "Close an order's thread (admins)",
      },
    })
    .input(ZCloseThreadInputSchema)
    .output(ZThread)
    .mutation(({ ctx, input }) => closeThread(ctx.db, ctx.actor, input, ctx.request)),

  reopen: adminProcedure
    .meta({
      openapi: {
        method: "PATCH",
        path: "/orders/{orderNumber}/thread/reopen",
        protect: true,
        tags: ["threads"],
        summary: "Reopen an order's closed thread (admins)",
      },
    })
    .input(ZReopenThreadInputSchema)
    .output(ZThread)
    .mutation(({ ctx, input }) => reopenThread(ctx.db, ctx.actor, input, ctx.request)),

  list: memberProcedure
    .input(ZListThreadsInputSchema)
    .output(ZListThreadsOutputSchema)
    .query(({ ctx, input }) => listThreads(ctx.db, ctx.actor, input)),

  get: memberProcedure
    .input(ZGetThreadInputSchema)
    .output(ZThreadDetails)
    .query(({ ctx, input }) => getThread(ctx.db, ctx.actor, input)),

  /** The open thread's customer's other orders, for the panel beside it in the admin inbox. */
  customerOrders: adminProcedure
    .input(ZCustomerOrdersInputSchema)
    .output(ZCustomerOrdersOutputSchema)
    .query(({ ctx, input }) => listCustomerOrders(ctx.db, ctx.actor, input)),
});
