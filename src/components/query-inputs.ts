/**
 * Inputs shared by a page's server-side `prefetchInfinite` and its client component's
 * `useInfiniteQuery`: hydration finds the prefetched data only when both ask identically.
 * (A plain module: values exported from a "use client" file are not callable on the server.)
 */
export const threadListInput = {};

export function messageListInput(orderNumber: string) {
  return { orderNumber };
}

export const orderListInput = {};
