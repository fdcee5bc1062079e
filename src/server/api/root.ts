import { apiTokensRouter } from "./routers/apiTokens";
import { deliveriesRouter } from "./routers/deliveries";
import { messagesRouter } from "./routers/messages";
import { notificationsRouter } from "./routers/notifications";
import { ordersRouter } from "./routers/orders";
import { searchRouter } from "./routers/search";
import { storesRouter } from "./routers/stores";
import { threadsRouter } from "./routers/threads";
import { webhooksRouter } from "./routers/webhooks";
import { createCallerFactory, createTRPCRouter } from "./trpc";

export const appRouter = createTRPCRouter({
  messages: messagesRouter,
  threads: threadsRouter,
  orders: ordersRouter,
  search: searchRouter,
  stores: storesRouter,
  apiTokens: apiTokensRouter,
  webhooks: webhooksRouter,
  notifications: notificationsRouter,
  deliveries: deliveriesRouter,
});

export type AppRouter = typeof appRouter;

/** In-process caller: Server Components and tests. */
export const createCaller = createCallerFactory(appRouter);
