/**
 * Inputs shared by a page's server-side `prefetchInfinite` and its client component's
 * `useInfiniteQuery`: hydration finds the prefetched data only when both ask identically.
 * (A plain module: values exported from a "use client" file are not callable on the server.)
 */
export const threadListInput = {};

/**
 * The thread view's pages (`messages.window`). It opens where `messages.opening` said, passed as
 * the infinite query's initial cursor (tRPC keeps cursors out of the cache key), and walks both ways.
 */
export function threadWindowInput(orderNumber: string) {
  return { orderNumber };
}

export const orderListInput = {};

/** The unmatched queue has no filters. (The events log and deliveries build theirs from the URL: channels/channel-view-filters.ts.) */
export const unmatchedQueueInput = {};
