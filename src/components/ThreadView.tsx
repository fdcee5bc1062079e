"use client";

import { useEffect, useRef } from "react";
import { api } from "~/trpc/react";
import { Composer } from "./Composer";
import { MessageBubble } from "./MessageBubble";
import { messageListInput } from "./query-inputs";
import { useHydrated } from "./use-hydrated";

/**
 * An order's conversation with the composer below it. It opens at the newest page and loads older
 * pages as the reader scrolls up (or asks for them), never the whole thread at once: a thread of
 * thousands of messages costs one page. Everything on screen is marked read for the viewer in one
 * call (read receipts are per user; "unread" is derived from them).
 */
export function ThreadView({ orderNumber, viewerId, allowInternalNote }: { orderNumber: string; viewerId: string; allowInternalNote: boolean }) {
  const utils = api.useUtils();
  const hydrated = useHydrated();
  // Pages come newest first; nextCursor leads to older messages. A refetch (after a send)
  // recomputes every later page's cursor from the fresh first page, so nothing falls between.
  const query = api.messages.list.useInfiniteQuery(messageListInput(orderNumber), {
    getNextPageParam: (page) => page.nextCursor,
  });
  const markedUpTo = useRef<string | null>(null);
  const markThreadRead = api.messages.markThreadRead.useMutation({
    onSuccess: ({ marked }) => {
      if (marked > 0) void Promise.all([utils.threads.list.invalidate(), utils.orders.list.invalidate()]);
    },
    // Forgotten on failure, so the next message on screen (or the next visit) tries again.
    onError: () => {
      markedUpTo.current = null;
    },
  });

  const pages = query.data?.pages ?? [];
  const messages = pages.toReversed().flatMap((page) => page.messages);
  const hasUnread = messages.some((m) => !m.readByMe && m.senderId !== viewerId);
  // One call marks everything up to the newest message read (older ones included).
  const newestShown = hasUnread ? (pages[0]?.messages.at(-1)?.id ?? null) : null;

  useEffect(() => {
    if (!newestShown || markedUpTo.current === newestShown) return;
    markedUpTo.current = newestShown;
    markThreadRead.mutate({ orderNumber, upToMessageId: newestShown });
    // markThreadRead is stable; the newest unread message on screen is what changes.
  }, [newestShown, orderNumber]);

  // Opens at the newest message, so the top (and the older pages behind it) is out of view.
  const bottom = useRef<HTMLDivElement>(null);
  const opened = useRef(false);
  const loaded = pages.length > 0;
  useEffect(() => {
    if (!loaded || opened.current) return;
    opened.current = true;
    bottom.current?.scrollIntoView({ block: "end" });
  }, [loaded]);

  // Scrolling the top of the conversation into view loads the page before it.
  const top = useRef<HTMLDivElement>(null);
  const { hasNextPage, isFetchingNextPage, fetchNextPage } = query;
  useEffect(() => {
    const sentinel = top.current;
    if (!sentinel || !hasNextPage) return;
    const observer = new IntersectionObserver((entries) => {
      if (entries.some((entry) => entry.isIntersecting) && !isFetchingNextPage) void fetchNextPage();
    });
    observer.observe(sentinel);
    return () => observer.disconnect();
  }, [hasNextPage, isFetchingNextPage, fetchNextPage]);

  if (query.isPending) return <p className="text-slate-500">Loading messages…</p>;
  if (query.isError)
    return (
      <p role="alert" className="text-red-800">
        Could not load the conversation: {query.error.message}
      </p>
    );

  const thread = pages[0]?.thread ?? null;
  return (
    <section aria-label="Conversation">
      {thread?.status === "closed" && (
        <p className="mb-4 rounded-md bg-slate-100 px-3 py-2 text-sm text-slate-700">This conversation is closed.</p>
      )}
      <div ref={top} />
      {hasNextPage && (
        <button
          type="button"
          onClick={() => void fetchNextPage()}
          disabled={!hydrated || isFetchingNextPage}
          className="mb-4 rounded-md border border-slate-300 px-3 py-1.5 text-sm hover:bg-slate-100"
        >
          {isFetchingNextPage ? "Loading…" : "Load older messages"}
        </button>
      )}
      {messages.length === 0 ? (
        <p className="text-slate-600">No messages yet. Write the first one below.</p>
      ) : (
        <ol aria-label="Messages" className="space-y-3">
          {messages.map((message) => (
            <MessageBubble key={message.id} message={message} mine={message.senderId === viewerId} />
          ))}
        </ol>
      )}
      <div ref={bottom} />
      <Composer orderNumber={orderNumber} allowInternalNote={allowInternalNote} />
    </section>
  );
}
