"use client";

import { useHydrated } from "./use-hydrated";

/** The next page of an infinite query; shown only while there is one. */
export function LoadMoreButton({
  query,
}: {
  query: { hasNextPage: boolean; isFetchingNextPage: boolean; fetchNextPage: () => Promise<unknown> };
}) {
  const hydrated = useHydrated();
  if (!query.hasNextPage) return null;
  return (
    <button
      type="button"
      onClick={() => void query.fetchNextPage()}
      disabled={!hydrated || query.isFetchingNextPage}
      className="mt-4 rounded-md border border-slate-300 px-3 py-1.5 text-sm hover:bg-slate-100"
    >
      {query.isFetchingNextPage ? "Loading…" : "Load more"}
    </button>
  );
}
