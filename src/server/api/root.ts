import { apiTokensRouter } from "./routers/apiTokens";
import { deliveriesRouter } from "./routers/deliveries";
import { messagesRouter } from "./routers/messages";
import { ordersRouter } from "./routers/orders";
import { searchRouter } from "./routers/search";
import { threadsRouter } from "./routers/threads";
import { createCallerFactory, createTRPCRouter } from "./trpc";

export const appRouter = createTRPCRouter({
  messages: messagesRouter,
  threads: threadsRouter,
  orders: ordersRouter,
  search: searchRouter,
  apiTokens: apiTokensRouter,
  deliveries: deliveriesRouter,
});

export type AppRouter = typeof appRouter;

/** In-process caller: Server Components and tests. */
export const createCaller = createCallerFactory(appRouter);
