"use client";

import { useEffect, useRef } from "react";
import { useHydrated } from "./use-hydrated";

/**
 * The next page of an infinite query; shown only while there is one. With `auto` it also loads
 * itself when scrolled into view (infinite scroll), and stays a button for keyboards and for
 * readers whose screen never scrolls it into view.
 */
export function LoadMoreButton({
  query,
  auto = false,
}: {
  query: { hasNextPage: boolean; isFetchingNextPage: boolean; fetchNextPage: () => Promise<unknown> };
  auto?: boolean;
}) {
  const hydrated = useHydrated();
  const button = useRef<HTMLButtonElement>(null);
  const { hasNextPage, isFetchingNextPage, fetchNextPage } = query;
  useEffect(() => {
    const target = button.current;
    if (!auto || !target || !hasNextPage || isFetchingNextPage) return;
    const observer = new IntersectionObserver((entries) => {
      if (entries.some((entry) => entry.isIntersecting)) void fetchNextPage();
    });
    observer.observe(target);
    return () => observer.disconnect();
  }, [auto, hasNextPage, isFetchingNextPage, fetchNextPage]);
  if (!hasNextPage) return null;
  return (
    <button
      ref={button}
      type="button"
      onClick={() => void fetchNextPage()}
      disabled={!hydrated || isFetchingNextPage}
      className="mt-4 rounded-md border border-slate-300 px-3 py-1.5 text-sm hover:bg-slate-100"
    >
      {isFetchingNextPage ? "Loading…" : "Load more"}
    </button>
  );
}
