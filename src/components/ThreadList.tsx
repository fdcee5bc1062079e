"use client";

import { api } from "~/trpc/react";
import { threadListInput } from "./query-inputs";
import { LoadMoreButton } from "./LoadMoreButton";
import { ThreadListItem, type ThreadSummary } from "./ThreadListItem";

/** Staff surfaces list threads; customers list their orders (OrderList). */
export type ThreadLinkStyle = "admin" | "partner";

function hrefFor(style: ThreadLinkStyle, thread: ThreadSummary): string {
  if (style === "admin") return `/admin/inbox/${thread.id}`;
  return `/partner/threads/${thread.id}`;
}

/** The threads the viewer may see, newest activity first (the access rules are the server's). */
export function ThreadList({ linkStyle, label }: { linkStyle: ThreadLinkStyle; label: string }) {
  const query = api.threads.list.useInfiniteQuery(threadListInput, { getNextPageParam: (page) => page.nextCursor });
  if (query.isPending) return <p className="text-slate-500">Loading conversations…</p>;
  if (query.isError)
    return (
      <p role="alert" className="text-red-800">
        Could not load conversations: {query.error.message}
      </p>
    );
  const threads = query.data.pages.flatMap((page) => page.threads);
  if (threads.length === 0) return <p className="text-slate-600">No conversations yet.</p>;
  return (
    <>
      <ul aria-label={label} className="divide-y divide-slate-200 rounded-lg border border-slate-200 bg-white">
        {threads.map((thread) => (
          <ThreadListItem key={thread.id} thread={thread} href={hrefFor(linkStyle, thread)} />
        ))}
      </ul>
      <LoadMoreButton query={query} />
    </>
  );
}
