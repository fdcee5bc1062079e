"use client";

import { Fragment, useEffect, useRef, useState } from "react";
import { api } from "~/trpc/react";
import { type Audience, Composer } from "./Composer";
import { dayKey, dayLabel } from "./conversation/day-label";
import { OutgoingBubble } from "./conversation/OutgoingBubble";
import { usePageVisible } from "./conversation/use-page-visible";
import { useOutbox } from "./conversation/use-outbox";
import { useAnnounce } from "./LiveRegion";
import { type Message, MessageBubble } from "./MessageBubble";
import { messageListInput } from "./query-inputs";
import { useHydrated } from "./use-hydrated";

/**
 * An order's conversation with the composer below it. It opens at the newest page (or at the first
 * message the reader has not read, under a "New messages" divider) and loads older pages as the
 * reader scrolls up, never the whole thread at once: a thread of thousands of messages costs one
 * page. What is on screen is marked read in one call, and only while the tab is visible.
 */
export function ThreadView({
  orderNumber,
  viewerId,
  allowInternalNote,
  audience = allowInternalNote ? "admin" : "partner",
}: {
  orderNumber: string;
  viewerId: string;
  allowInternalNote: boolean;
  audience?: Audience;
}) {
  const utils = api.useUtils();
  const hydrated = useHydrated();
  const visible = usePageVisible();
  const announce = useAnnounce();
  const outbox = useOutbox(orderNumber);
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
  const fromOthers = (m: Message) => m.senderId !== viewerId;
  const hasUnread = messages.some((m) => !m.readByMe && fromOthers(m));
  // One call marks everything up to the newest message read (older ones included).
  const newestShown = hasUnread ? (pages[0]?.messages.at(-1)?.id ?? null) : null;

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

  // Opens at the first unread message, else the newest; the top (and older pages) out of view.
  const bottom = useRef<HTMLDivElement>(null);
  const divider = useRef<HTMLLIElement>(null);
  const opened = useRef(false);
  useEffect(() => {
    if (firstUnreadId === undefined || opened.current) return;
    opened.current = true;
    if (divider.current) divider.current.scrollIntoView({ block: "start" });
    else bottom.current?.scrollIntoView({ block: "end" });
  }, [firstUnreadId]);

  // New messages from others (not older pages loaded on scroll) are announced politely.
  const newestSeen = useRef<string | null>(null);
  const newestPage = pages[0]?.messages;
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

  if (query.isPending) return <p className="text-slate-600">Loading messages…</p>;
  if (query.isError)
    return (
      <p role="alert" className="text-red-800">
        Could not load the conversation: {query.error.message}
      </p>
    );

  const thread = pages[0]?.thread ?? null;
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
                <MessageBubble message={message} mine={message.senderId === viewerId} viewerIsCustomer={audience === "customer"} />
              </Fragment>
            );
          })}
          {outgoing.map((item) => (
            <OutgoingBubble key={item.key} item={item} onRetry={() => outbox.retry(item)} onDiscard={() => outbox.discard(item.key)} />
          ))}
        </ol>
      )}
      <div ref={bottom} />
      <Composer audience={audience} onSend={outbox.enqueue} />
    </section>
  );
}
