import { defaultShouldDehydrateQuery, QueryClient } from "@tanstack/react-query";

/** One shape for the browser's client and each server request's client (hydration must agree). */
export function createQueryClient(): QueryClient {
  return new QueryClient({
    defaultOptions: {
      // With SSR, refetching right after hydration would only repeat the server's work.
      queries: { staleTime: 30_000 },
      dehydrate: {
        // Pending prefetches would stream to the client; pages await theirs, since the lists'
        // non-suspense queries would render "Loading…" on the server and the data in the browser.
        shouldDehydrateQuery: (query) => defaultShouldDehydrateQuery(query) || query.state.status === "pending",
      },
    },
  });
}
