import { createTRPCRouter } from "../trpc";

export const searchRouter = createTRPCRouter({});
