"use client";

import { useSearchParams } from "next/navigation";
import { useEffect, useRef } from "react";
import { api } from "~/trpc/react";
import { threadWindowInput } from "./query-inputs";

/**
 * How a search hit is marked: a ring on the bubble itself (its own rounding), not the row it sits
 * in, which spans the pane. Inset, because a bubble against the pane's edge would have an outer
 * ring cut off there. Whole class names, so Tailwind finds and builds them.
 */
const HIT_CLASSES = ["ring-4", "ring-inset", "ring-amber-400"];

/** Pages fetched at most to reach a search hit: beyond that the hit is left unmarked. */
const MAX_PAGES = 20;

/**
 * Marks the message a search hit named (`?message=<id>`) and scrolls it into view. The page opened
 * the conversation at it (`messages.opening` with the hit), so it is normally in the first window;
 * when the cache still holds another window (a client-side move between hits), it loads older
 * pages until it is among them, then newer ones. It shares the conversation's query (same input,
 * same cache), so the pages it loads are the ones the conversation shows, each message's item
 * marked with its id.
 */
export function MessageAnchor({ orderNumber, openingCursor }: { orderNumber: string; openingCursor: string | null }) {
  const target = useSearchParams().get("message");
  const query = api.messages.window.useInfiniteQuery(threadWindowInput(orderNumber), {
    initialCursor: openingCursor,
    getNextPageParam: (page) => page.newerCursor,
    getPreviousPageParam: (page) => page.olderCursor,
  });
  const marked = useRef<string | null>(null);
  const pages = query.data?.pages;
  const { hasNextPage, hasPreviousPage, isFetching, fetchNextPage, fetchPreviousPage } = query;

  useEffect(() => {
    if (!target || !pages || marked.current === target) return;
    const loaded = pages.some((page) => page.messages.some((message) => message.id === target));
    if (!loaded) {
      if (isFetching || pages.length >= MAX_PAGES) return;
      if (hasPreviousPage) void fetchPreviousPage();
      else if (hasNextPage) void fetchNextPage();
      return;
    }
    // Wait a frame so the conversation has rendered the page just loaded.
    const frame = requestAnimationFrame(() => {
      // By id, not by position: day separators and the unread divider are list items too.
      const item = document.querySelector<HTMLElement>(`[data-thread-pane] [data-message-id="${CSS.escape(target)}"] > article`);
      if (!item) return;
      marked.current = target;
      document.querySelectorAll("[data-search-hit]").forEach((el) => {
        el.removeAttribute("data-search-hit");
        el.classList.remove(...HIT_CLASSES);
      });
      item.setAttribute("data-search-hit", "");
      item.classList.add(...HIT_CLASSES);
      item.scrollIntoView({ block: "center" });
    });
    return () => cancelAnimationFrame(frame);
  }, [target, pages, hasNextPage, hasPreviousPage, isFetching, fetchNextPage, fetchPreviousPage]);

  return null;
}
