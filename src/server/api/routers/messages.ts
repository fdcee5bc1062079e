import { createTRPCRouter } from "../trpc";

export const messagesRouter = createTRPCRouter({});
