"use client";

import { Fragment, type RefObject, useEffect, useRef, useState } from "react";
import { api } from "~/trpc/react";
import { type Audience, Composer } from "./Composer";
import { dayKey, dayLabel } from "./conversation/day-label";
import { OutgoingBubble } from "./conversation/OutgoingBubble";
import { usePageVisible } from "./conversation/use-page-visible";
import { useOutbox } from "./conversation/use-outbox";
import { useAnnounce } from "./LiveRegion";
import { type Message, MessageBubble } from "./MessageBubble";
import { threadWindowInput } from "./query-inputs";
import { useHydrated } from "./use-hydrated";

/**
 * An order's conversation with the composer below it. It opens at the reader's first unread message
 * under a "New messages" divider (a few read ones above it; the server's `messages.opening` finds it
 * however far back it is), else at the newest page, and loads older pages as the reader scrolls up
 * and newer ones as they scroll down, never the whole thread at once: a thread of thousands of
 * messages costs one page. What is on screen is marked read in one call, and only while the tab is
 * visible.
 */
export function ThreadView({
  orderNumber,
  viewerId,
  openingCursor,
  allowInternalNote,
  audience = allowInternalNote ? "admin" : "partner",
  searchHit,
}: {
  orderNumber: string;
  viewerId: string;
  /** Where the thread opens (`messages.opening`): the same value the page prefetched with. */
  openingCursor: string | null;
  allowInternalNote: boolean;
  audience?: Audience;
  /** The message a search hit opened the thread at; MessageAnchor scrolls to it and marks it. */
  searchHit?: string;
}) {
  const utils = api.useUtils();
  const hydrated = useHydrated();
  const visible = usePageVisible();
  const announce = useAnnounce();
  const outbox = useOutbox(orderNumber);
  // Pages run oldest to newest: older ones are added before the first, newer ones after the last.
  // A refetch (after a send, or live) asks again from the first page's cursor, which reproduces
  // that page, and recomputes each later page's cursor from the one before, so nothing falls between.
  const query = api.messages.window.useInfiniteQuery(threadWindowInput(orderNumber), {
    initialCursor: openingCursor,
    getNextPageParam: (page) => page.newerCursor,
    getPreviousPageParam: (page) => page.olderCursor,
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
  const messages: Message[] = pages.flatMap((page) => page.messages);
  const fromOthers = (m: Message) => m.senderId !== viewerId;
  const hasUnread = messages.some((m) => !m.readByMe && fromOthers(m));
  // One call marks everything up to the newest message loaded read (older ones included).
  const newestShown = hasUnread ? (messages.at(-1)?.id ?? null) : null;

  useEffect(() => {
    if (!visible || !newestShown || markedUpTo.current === newestShown) return;
    markedUpTo.current = newestShown;
    markThreadRead.mutate({ orderNumber, upToMessageId: newestShown });
    // markThreadRead is stable; the newest unread message on screen and visibility are what change.
  }, [visible, newestShown, orderNumber]);

  // The divider stays where the unread messages began when the page opened, even once they are read.
  const loaded = pages.length > 0;
  const [firstUnreadId, setFirstUnreadId] = useState<string | null | undefined>(undefined);
  useEffect(() => {
    if (!loaded || firstUnreadId !== undefined) return;
    setFirstUnreadId(messages.find((m) => !m.readByMe && fromOthers(m))?.id ?? null);
  }, [loaded, firstUnreadId]);

  // Opens at the first unread message, else the newest; the top (and older pages) out of view. A
  // search hit on screen is left where MessageAnchor scrolled it.
  const bottom = useRef<HTMLDivElement>(null);
  const divider = useRef<HTMLLIElement>(null);
  const opened = useRef(false);
  useEffect(() => {
    if (firstUnreadId === undefined || opened.current) return;
    opened.current = true;
    if (searchHit && messages.some((m) => m.id === searchHit)) return;
    if (divider.current) divider.current.scrollIntoView({ block: "start" });
    else bottom.current?.scrollIntoView({ block: "end" });
  }, [firstUnreadId]);

  // New messages from others (not pages loaded on scroll) are announced politely, once the
  // conversation is loaded down to its newest message.
  const { hasNextPage, hasPreviousPage, isFetchingNextPage, isFetchingPreviousPage, fetchNextPage, fetchPreviousPage } = query;
  const newestSeen = useRef<string | null>(null);
  const newestPage = hasNextPage ? undefined : pages.at(-1)?.messages;
  useEffect(() => {
    if (!newestPage || newestPage.length === 0) return;
    const latest = newestPage.at(-1)!.createdAt;
    const since = newestSeen.current;
    newestSeen.current = since && since > latest ? since : latest;
    if (!since) return;
    const arrived = newestPage.filter((m) => m.createdAt > since && fromOthers(m));
    if (arrived.length === 0) return;
    const last = arrived.at(-1)!;
    const what = last.isInternal ? "internal note" : last.messageType === "system_event" ? "update" : "message";
    announce(arrived.length === 1 ? `New ${what} from ${last.senderName}` : `${arrived.length} new messages, the last from ${last.senderName}`);
    if (bottom.current && bottom.current.getBoundingClientRect().top < window.innerHeight + 200) {
      bottom.current.scrollIntoView({ block: "end" });
    }
  }, [newestPage]);

  // My own sends scroll into view as they are written.
  const outgoing = outbox.items.filter((item) => !item.sentId || !messages.some((m) => m.id === item.sentId));
  const outgoingCount = outgoing.length;
  useEffect(() => {
    if (outgoingCount > 0) bottom.current?.scrollIntoView({ block: "end" });
  }, [outgoingCount]);

  // Scrolling the top of the conversation into view loads the page before it, the bottom the page
  // after it (when it opened further back than the newest messages). Not before the opening scroll
  // (at that moment both ends may be on screen), and not while any fetch runs: a load would cancel
  // the refetch of a send or a live update, which would start over.
  const top = useRef<HTMLDivElement>(null);
  const end = useRef<HTMLDivElement>(null);
  const canLoad = firstUnreadId !== undefined && !query.isFetching;
  useLoadOnSight(top, canLoad && hasPreviousPage, fetchPreviousPage);
  useLoadOnSight(end, canLoad && hasNextPage, fetchNextPage);

  if (query.isPending) return <p className="text-slate-600">Loading messages…</p>;
  if (query.isError)
    return (
      <p role="alert" className="text-red-800">
        Could not load the conversation: {query.error.message}
      </p>
    );

  const thread = pages.at(-1)?.thread ?? null;
  // Days are cut in the reader's zone once the browser runs; the server's render uses UTC.
  const zone = hydrated ? undefined : "UTC";
  const now = new Date();
  return (
    <section aria-label="Conversation">
      {thread?.status === "closed" && (
        <p role="note" className="mb-4 rounded-md border border-slate-300 bg-slate-100 px-3 py-2 text-sm text-slate-800">
          {audience === "customer"
            ? "This conversation is closed. Writing a message below will reopen it."
            : "This conversation is closed."}
        </p>
      )}
      <div ref={top} />
      {hasPreviousPage && (
        <button
          type="button"
          onClick={() => void fetchPreviousPage()}
          disabled={!hydrated || isFetchingPreviousPage}
          className="mb-4 rounded-md border border-slate-300 px-3 py-1.5 text-sm hover:bg-slate-100"
        >
          {isFetchingPreviousPage ? "Loading…" : "Load older messages"}
        </button>
      )}
      {messages.length === 0 && outgoing.length === 0 ? (
        <p className="text-slate-600">No messages yet. Write the first one below.</p>
      ) : (
        <ol aria-label="Messages" className="space-y-3">
          {messages.map((message, i) => {
            const day = dayKey(message.createdAt, zone);
            const newDay = i === 0 || dayKey(messages[i - 1]!.createdAt, zone) !== day;
            return (
              <Fragment key={message.id}>
                {newDay && (
                  <li className="flex items-center gap-3 py-1 text-xs font-medium text-slate-600" data-testid="day-separator">
                    <span aria-hidden="true" className="h-px flex-1 bg-slate-200" />
                    {hydrated ? dayLabel(message.createdAt, now) : dayLabel(message.createdAt, new Date(0), "UTC")}
                    <span aria-hidden="true" className="h-px flex-1 bg-slate-200" />
                  </li>
                )}
                {message.id === firstUnreadId && (
                  <li ref={divider} className="flex items-center gap-3 py-1 text-xs font-semibold text-red-800" data-testid="unread-divider">
                    <span aria-hidden="true" className="h-px flex-1 bg-red-300" />
                    New messages
                    <span aria-hidden="true" className="h-px flex-1 bg-red-300" />
                  </li>
                )}
                <MessageBubble message={message} viewerId={viewerId} viewerIsCustomer={audience === "customer"} />
              </Fragment>
            );
          })}
          {outgoing.map((item) => (
            <OutgoingBubble key={item.key} item={item} onRetry={() => outbox.retry(item)} onDiscard={() => outbox.discard(item.key)} />
          ))}
        </ol>
      )}
      <div ref={end} />
      {hasNextPage && (
        <button
          type="button"
          onClick={() => void fetchNextPage()}
          disabled={!hydrated || isFetchingNextPage}
          className="mt-4 rounded-md border border-slate-300 px-3 py-1.5 text-sm hover:bg-slate-100"
        >
          {isFetchingNextPage ? "Loading…" : "Load newer messages"}
        </button>
      )}
      <div ref={bottom} />
      <Composer audience={audience} onSend={outbox.enqueue} />
    </section>
  );
}

/** Calls `load` whenever the sentinel scrolls into view while `enabled` (and again once re-enabled). */
function useLoadOnSight(sentinel: RefObject<HTMLElement | null>, enabled: boolean, load: () => Promise<unknown>) {
  useEffect(() => {
    const element = sentinel.current;
    if (!element || !enabled) return;
    const observer = new IntersectionObserver((entries) => {
      if (entries.some((entry) => entry.isIntersecting)) void load();
    });
    observer.observe(element);
    return () => observer.disconnect();
  }, [sentinel, enabled, load]);
}
