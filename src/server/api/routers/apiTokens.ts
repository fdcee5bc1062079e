import { createTRPCRouter } from "../trpc";

export const apiTokensRouter = createTRPCRouter({});
