import { createTRPCRouter } from "../trpc";

export const threadsRouter = createTRPCRouter({});
