import { z } from "zod";
import { env } from "~/env";
import { listThreadMessages, MESSAGE_PAGE_MAX, messagePageStarts } from "../../messaging/list-thread-messages";
import { markMessageRead } from "../../messaging/mark-message-read";
import { markThreadRead } from "../../messaging/mark-thread-read";
import { sendMessage } from "../../messaging/send-message";
import { listThreadWindow, openThreadWindow } from "../../messaging/thread-window";
import { ZChannel, ZCursor, ZMessage, ZMessageWithReaders, ZRole, ZText, ZThread } from "../schemas";
import { createTRPCRouter, memberProcedure } from "../trpc";

const ZOrderNumber = z.string().trim().min(1).max(64);

/**
 * A boolean that must arrive as one. trpc-to-openapi 3.3 marks every z.boolean() of a REST input
 * as coercing (on the shared schema, so tRPC calls too), and Boolean("false") is true: a reply
 * sent with "isInternal": "false" would become an internal note. A literal is left alone.
 */
const ZStrictBoolean = z.literal([true, false]);

export const ZSendMessageInputSchema = z.object({
  orderNumber: ZOrderNumber,
  // Not trimmed: content is stored exactly as sent. Blank content is refused by the domain unless
  // attachments carry the message.
  content: ZText.max(env.MESSAGE_MAX_LENGTH),
  channel: ZChannel.optional(),
  isInternal: ZStrictBoolean.optional(),
  attachmentIds: z.array(z.uuid()).max(env.ATTACHMENTS_PER_MESSAGE).optional(),
});
export type TSendMessageInputSchema = z.infer<typeof ZSendMessageInputSchema>;

export const ZListMessagesInputSchema = z.object({
  orderNumber: ZOrderNumber,
  cursor: ZCursor.nullish(),
  limit: z.number().int().min(1).max(MESSAGE_PAGE_MAX).optional(),
  /**
   * oldest (default): the oldest page first, nextCursor to newer messages. newest: the newest page
   * first, nextCursor to older ones. Messages within a page are oldest first either way.
   */
  start: z.enum(messagePageStarts).optional(),
});
export type TListMessagesInputSchema = z.infer<typeof ZListMessagesInputSchema>;

export const ZListMessagesOutputSchema = z.object({
  thread: ZThread.nullable(),
  messages: z.array(ZMessage),
  nextCursor: z.string().nullable(),
});

export const ZOpenThreadWindowInputSchema = z.object({
  orderNumber: ZOrderNumber,
  /** Open at this message (a search hit) instead of the first unread one. */
  messageId: z.uuid().optional(),
  limit: z.number().int().min(1).max(MESSAGE_PAGE_MAX).optional(),
});
export type TOpenThreadWindowInputSchema = z.infer<typeof ZOpenThreadWindowInputSchema>;

export const ZOpenThreadWindowOutputSchema = z.object({ cursor: z.string().nullable() });

/** `cursor`: null or absent for the newest page, else one that `opening` or an earlier page gave. */
export const ZThreadWindowInputSchema = z.object({
  orderNumber: ZOrderNumber,
  cursor: ZCursor.nullish(),
  limit: z.number().int().min(1).max(MESSAGE_PAGE_MAX).optional(),
});
export type TThreadWindowInputSchema = z.infer<typeof ZThreadWindowInputSchema>;

const ZThreadWindowBase = z.object({
  thread: ZThread.nullable(),
  olderCursor: z.string().nullable(),
  newerCursor: z.string().nullable(),
});

/**
 * A customer's page is plain messages: zod drops a reader's name from their receipts, so who at the
 * shop (or which partner) read a message can never reach them, whatever the domain returned.
 */
export const ZThreadWindowOutputSchema = z.discriminatedUnion("viewer", [
  ZThreadWindowBase.extend({ viewer: z.literal("customer"), messages: z.array(ZMessage) }),
  ZThreadWindowBase.extend({ viewer: z.enum(["admin", "reseller", "supplier"]), messages: z.array(ZMessageWithReaders) }),
]);

export const ZMarkMessageReadInputSchema = z.object({
  orderNumber: ZOrderNumber,
  messageId: z.uuid(),
});
export type TMarkMessageReadInputSchema = z.infer<typeof ZMarkMessageReadInputSchema>;

export const ZMarkThreadReadInputSchema = z.object({
  orderNumber: ZOrderNumber,
  upToMessageId: z.uuid(),
});
export type TMarkThreadReadInputSchema = z.infer<typeof ZMarkThreadReadInputSchema>;

export const ZMarkMessageReadOutputSchema = z.object({
  messageId: z.uuid(),
  userId: z.uuid(),
  role: ZRole,
  readAt: z.string(),
});

export const messagesRouter = createTRPCRouter({
  send: memberProcedure
    .meta({
      openapi: {
        method: "POST",
        path: "/orders/{orderNumber}/messages",
        protect: true,
        tags: ["messages"],
        summary: "Write a message on an order's thread (created on the first message)",
        // REST answers 201 for this procedure (createdStatusProcedures in rest/handle-rest-request.ts):
        // trpc-to-openapi 3.3 has no per-operation success status.
        successDescription: "Created: the new message",
      },
    })
    .input(ZSendMessageInputSchema)
    .output(ZMessage)
    .mutation(({ ctx, input }) => sendMessage(ctx.db, { kind: "actor", actor: ctx.actor }, input, ctx.request)),

  list: memberProcedure
    .meta({
      openapi: {
        method: "GET",
        path: "/orders/{orderNumber}/messages",
        protect: true,
        tags: ["messages"],
        summary: "An order's thread and one page of its messages, oldest first",
      },
    })
    .input(ZListMessagesInputSchema)
    .output(ZListMessagesOutputSchema)
    .query(({ ctx, input }) => listThreadMessages(ctx.db, ctx.actor, input)),

  /** Where the thread view opens for the caller: at the message asked for, else its first unread one, when that is further back than the newest page. */
  opening: memberProcedure
    .input(ZOpenThreadWindowInputSchema)
    .output(ZOpenThreadWindowOutputSchema)
    .query(({ ctx, input }) => openThreadWindow(ctx.db, ctx.actor, input)),

  /** The thread view's pages: from where it opened, older pages above and newer ones below. */
  window: memberProcedure
    .input(ZThreadWindowInputSchema)
    .output(ZThreadWindowOutputSchema)
    .query(({ ctx, input }) => listThreadWindow(ctx.db, ctx.actor, input)),

  markRead: memberProcedure
    .meta({
      openapi: {
        method: "PATCH",
        path: "/orders/{orderNumber}/messages/{messageId}/read",
        protect: true,
        tags: ["messages"],
        summary: "Record the caller's read receipt (idempotent)",
      },
    })
    .input(ZMarkMessageReadInputSchema)
    .output(ZMarkMessageReadOutputSchema)
    .mutation(({ ctx, input }) => markMessageRead(ctx.db, ctx.actor, input, ctx.request)),
  /** Everything on screen at once: the thread view's one call instead of one per message. */
  markThreadRead: memberProcedure
    .input(ZMarkThreadReadInputSchema)
    .output(z.object({ marked: z.number().int().nonnegative() }))
    .mutation(({ ctx, input }) => markThreadRead(ctx.db, ctx.actor, input, ctx.request)),
});
