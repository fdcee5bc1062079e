import { z } from "zod";
import { createApiToken, listApiTokens, revokeApiToken } from "../../api-tokens/api-tokens";
import { ZText } from "../schemas";
import { createTRPCRouter, sessionProcedure } from "../trpc";

export const ZApiToken = z.object({
  id: z.uuid(),
  name: z.string(),
  /** The token's first characters, to tell tokens apart; never the secret. */
  prefix: z.string(),
  createdAt: z.string(),
  lastUsedAt: z.string().nullable(),
  revokedAt: z.string().nullable(),
});

export const ZCreateApiTokenInputSchema = z.object({ name: ZText.trim().min(1).max(100) });
export type TCreateApiTokenInputSchema = z.infer<typeof ZCreateApiTokenInputSchema>;

/** The only answer that carries the secret; it is not stored and cannot be shown again. */
export const ZCreateApiTokenOutputSchema = z.object({ token: z.string(), apiToken: ZApiToken });

export const ZRevokeApiTokenInputSchema = z.object({ tokenId: z.uuid() });
export type TRevokeApiTokenInputSchema = z.infer<typeof ZRevokeApiTokenInputSchema>;

/** A user's own integrator tokens; each acts with exactly its owner's access and cannot manage tokens. */
export const apiTokensRouter = createTRPCRouter({
  create: sessionProcedure
    .input(ZCreateApiTokenInputSchema)
    .output(ZCreateApiTokenOutputSchema)
    .mutation(({ ctx, input }) => createApiToken(ctx.db, ctx.actor, input, ctx.request)),

  list: sessionProcedure
    .output(z.array(ZApiToken))
    .query(({ ctx }) => listApiTokens(ctx.db, ctx.actor)),

  revoke: sessionProcedure
    .input(ZRevokeApiTokenInputSchema)
    .output(ZApiToken)
    .mutation(({ ctx, input }) => revokeApiToken(ctx.db, ctx.actor, input.tokenId, ctx.request)),
});
