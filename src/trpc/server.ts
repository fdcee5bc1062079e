import "server-only";
import { createHydrationHelpers } from "@trpc/react-query/rsc";
import { getServerSession } from "next-auth";
import { headers } from "next/headers";
import { cache } from "react";
import { type Actor, parseActor } from "~/server/access";
import { type AppRouter, createCaller } from "~/server/api/root";
import type { TRPCContext } from "~/server/api/trpc";
import { authOptions } from "~/server/auth/options";
import { requestMetaFromHeaders } from "~/server/auth/resolve-actor";
import { getDb } from "~/server/db";
import { createQueryClient } from "./query-client";

/** The signed-in user of this request, read once per render. */
export const getSessionActor = cache(async (): Promise<Actor | null> => {
  const session = await getServerSession(authOptions);
  return parseActor(session?.user);
});

const createContext = cache(
  async (): Promise<TRPCContext> => ({
    db: await getDb(),
    actor: await getSessionActor(),
    request: requestMetaFromHeaders(await headers()),
  }),
);

const getQueryClient = cache(createQueryClient);

/**
 * Server Components call procedures in-process (`await api.threads.get(...)`) or prefetch them
 * (`await api.messages.list.prefetchInfinite(...)`) and wrap the client part in <HydrateClient>.
 * Prefetches are awaited, not streamed: the client lists use non-suspense queries, so a query still
 * pending at render shows "Loading…" in the server's HTML while the browser already has the data,
 * and React discards the page's HTML (hydration error #418; e2e/pages checks for it).
 */
export const { trpc: api, HydrateClient } = createHydrationHelpers<AppRouter>(createCaller(createContext), getQueryClient);
