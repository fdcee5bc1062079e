/**
 * Inputs shared by a page's server-side `prefetchInfinite` and its client component's
 * `useInfiniteQuery`: hydration finds the prefetched data only when both ask identically.
 * (A plain module: values exported from a "use client" file are not callable on the server.)
 */
export const threadListInput = {};

/** The thread view opens at the newest page and walks back (older pages load on scroll). */
export function messageListInput(orderNumber: string) {
  return { orderNumber, start: "newest" as const };
}

export const orderListInput = {};

/** The unmatched queue has no filters. (The events log and deliveries build theirs from the URL: channels/channel-view-filters.ts.) */
export const unmatchedQueueInput = {};
