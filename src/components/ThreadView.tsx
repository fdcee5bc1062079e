"use client";

import { useEffect, useRef } from "react";
import { api } from "~/trpc/react";
import { Composer } from "./Composer";
import { MessageBubble } from "./MessageBubble";
import { messageListInput } from "./query-inputs";

/**
 * An order's conversation, oldest first, with the composer below it. Every message shown is
 * marked read for the viewer (read receipts are per user; "unread" is derived from them).
 */
export function ThreadView({ orderNumber, viewerId, allowInternalNote }: { orderNumber: string; viewerId: string; allowInternalNote: boolean }) {
  const utils = api.useUtils();
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

  // Threads are short: fetch the remaining pages so the newest messages are on screen.
  useEffect(() => {
    if (query.hasNextPage && !query.isFetchingNextPage) void query.fetchNextPage();
  }, [query]);

  const messages = query.data?.pages.flatMap((page) => page.messages) ?? [];
  const hasUnread = messages.some((m) => !m.readByMe && m.senderId !== viewerId);
  // Once every page is here, one call marks everything on screen read, up to the newest message.
  const newestShown = !query.hasNextPage && hasUnread ? (messages.at(-1)?.id ?? null) : null;

  useEffect(() => {
    if (!newestShown || markedUpTo.current === newestShown) return;
    markedUpTo.current = newestShown;
    markThreadRead.mutate({ orderNumber, upToMessageId: newestShown });
    // markThreadRead is stable; the newest unread message on screen is what changes.
  }, [newestShown, orderNumber]);

  if (query.isPending) return <p className="text-slate-500">Loading messages…</p>;
  if (query.isError)
    return (
      <p role="alert" className="text-red-800">
        Could not load the conversation: {query.error.message}
      </p>
    );

  const thread = query.data.pages[0]?.thread ?? null;
  return (
    <section aria-label="Conversation">
      {thread?.status === "closed" && (
        <p className="mb-4 rounded-md bg-slate-100 px-3 py-2 text-sm text-slate-700">This conversation is closed.</p>
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
      <Composer orderNumber={orderNumber} allowInternalNote={allowInternalNote} />
    </section>
  );
}
