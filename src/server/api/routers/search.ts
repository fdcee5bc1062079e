import { z } from "zod";
import { searchMessages, SEARCH_KEYWORD_MAX_LENGTH, SEARCH_LIMIT_DEFAULT, SEARCH_LIMIT_MAX } from "../../search/search-messages";
import { ZChannel, ZCursor, ZMessage, ZOrderStatus, ZQueryDate, ZSenderRole, ZText, ZThread, ZThreadStatus } from "../schemas";
import { adminProcedure, createTRPCRouter } from "../trpc";

/*
 * Over REST every query parameter arrives as a string. Numbers and dates use z.coerce; booleans
 * do not, because z.coerce.boolean() reads "false" as true (any non-empty string is truthy).
 */
const ZQueryBoolean = z.preprocess((value) => {
  if (value === "true" || value === "1") return true;
  if (value === "false" || value === "0") return false;
  return value;
}, z.boolean());

/** A bare date as the end of the range means that whole day (UTC), not its first instant. */
const ZRangeEnd = z.preprocess(
  (value) => (typeof value === "string" && /^\d{4}-\d{2}-\d{2}$/.test(value) ? `${value}T23:59:59.999Z` : value),
  ZQueryDate,
);

export const ZSearchMessagesInputSchema = z.object({
  keyword: ZText.max(SEARCH_KEYWORD_MAX_LENGTH)
    .optional()
    .describe('Words in web-search syntax ("a phrase", or, -word), or an exact order number or customer email'),
  status: ZThreadStatus.optional(),
  unread: ZQueryBoolean.optional().describe("true: only messages you have not read (your own excluded)"),
  orderStatus: ZOrderStatus.optional(),
  channel: ZChannel.optional(),
  senderRole: ZSenderRole.optional(),
  storeId: ZText.min(1).max(100).optional(),
  from: ZQueryDate.optional().describe("ISO date or date-time; createdAt on or after it"),
  to: ZRangeEnd.optional().describe("ISO date (that whole day, UTC) or date-time; createdAt on or before it"),
  page: z.coerce.number().int().min(1).max(10_000).default(1),
  limit: z.coerce.number().int().min(1).max(SEARCH_LIMIT_MAX).default(SEARCH_LIMIT_DEFAULT),
  cursor: ZCursor.optional().describe("nextCursor of the previous answer; takes precedence over page"),
});
export type TSearchMessagesInputSchema = z.infer<typeof ZSearchMessagesInputSchema>;

export const ZSearchMessagesOutputSchema = z.object({
  results: z.array(z.object({ message: ZMessage, thread: ZThread, snippet: z.string() })),
  nextCursor: z.string().nullable(),
  page: z.number().int(),
  limit: z.number().int(),
});

export const searchRouter = createTRPCRouter({
  messages: adminProcedure
    .meta({
      openapi: {
        method: "GET",
        path: "/admin/messages/search",
        protect: true,
        tags: ["admin"],
        summary: "Search every message (admins)",
        description:
          "Full-text keyword (or an exact order number or customer email) and filters, newest first. " +
          "Page with page/limit, or pass nextCursor as cursor for keyset paging. Snippets mark hits with ** and are plain text.",
      },
    })
    .input(ZSearchMessagesInputSchema)
    .output(ZSearchMessagesOutputSchema)
    .query(({ ctx, input }) => searchMessages(ctx.db, ctx.actor, input)),
});
