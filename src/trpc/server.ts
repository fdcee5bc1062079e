import "server-only";
import { createHydrationHelpers } from "@trpc/react-query/rsc";
import { headers } from "next/headers";
import { cache } from "react";
import type { Actor } from "~/server/access";
import { type AppRouter, createCaller } from "~/server/api/root";
import type { TRPCContext } from "~/server/api/trpc";
import { createRequestContext } from "~/server/http/request-context";
import { createQueryClient } from "./query-client";

/** The request context of this render, built once, exactly as for tRPC over HTTP. */
const createContext = cache(async (): Promise<TRPCContext> => createRequestContext(await headers()));

/** The signed-in user of this request: the same caller the procedures see. */
export const getSessionActor = cache(async (): Promise<Actor | null> => (await createContext()).actor);

const getQueryClient = cache(createQueryClient);

/**
 * Server Components call procedures in-process (`await api.threads.get(...)`) or prefetch them
 * (`await api.messages.list.prefetchInfinite(...)`) and wrap the client part in <HydrateClient>.
 * Prefetches are awaited, not streamed: the client lists use non-suspense queries, so a query still
 * pending at render shows "Loading…" in the server's HTML while the browser already has the data,
 * and React discards the page's HTML (hydration error #418; e2e/pages checks for it).
 */
export const { trpc: api, HydrateClient } = createHydrationHelpers<AppRouter>(createCaller(createContext), getQueryClient);
