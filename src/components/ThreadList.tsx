"use client";

import { usePathname } from "next/navigation";
import { api } from "~/trpc/react";
import { threadListInput } from "./query-inputs";
import { LoadMoreButton } from "./LoadMoreButton";
import { ThreadListItem, type ThreadSummary } from "./ThreadListItem";

/** Staff surfaces list threads; customers list their orders (OrderList). */
export type ThreadLinkStyle = "admin" | "partner";

export function threadHref(style: ThreadLinkStyle, threadId: string): string {
  if (style === "admin") return `/admin/inbox/${threadId}`;
  return `/partner/threads/${threadId}`;
}

/**
 * The threads the viewer may see, newest activity first (the access rules are the server's); the
 * next page loads as the end of the list scrolls into view. The open thread is `aria-current`.
 */
export function ThreadList({ linkStyle, label }: { linkStyle: ThreadLinkStyle; label: string }) {
  const pathname = usePathname();
  const query = api.threads.list.useInfiniteQuery(threadListInput, { getNextPageParam: (page) => page.nextCursor });
  if (query.isPending) return <p className="text-slate-600">Loading conversations…</p>;
  if (query.isError)
    return (
      <p role="alert" className="text-red-800">
        Could not load conversations: {query.error.message}
      </p>
    );
  const threads: ThreadSummary[] = query.data.pages.flatMap((page) => page.threads);
  if (threads.length === 0) return <p className="text-slate-600">No conversations yet. New messages on any order will appear here.</p>;
  return (
    <>
      <ul aria-label={label} className="divide-y divide-slate-200 rounded-lg border border-slate-200 bg-white">
        {threads.map((thread) => {
          const href = threadHref(linkStyle, thread.id);
          return <ThreadListItem key={thread.id} thread={thread} href={href} current={pathname === href} />;
        })}
      </ul>
      <LoadMoreButton query={query} auto />
    </>
  );
}
