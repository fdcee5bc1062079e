"use client";

import { usePathname, useSearchParams } from "next/navigation";
import { api } from "~/trpc/react";
import { activeFilterCount, type InboxSearchFields, inboxSearchQueryString, messageSearchInput } from "./InboxSearchParams";
import { LoadMoreButton } from "./LoadMoreButton";
import { MessageSearchResult } from "./MessageSearchResult";
import { groupByThread } from "./search-snippet";
import { StatusBadge } from "./StatusBadge";
import { threadHref } from "./ThreadList";

/** What was searched, for the sentence that says nothing matched. */
function describe(search: InboxSearchFields): string {
  if (!search.q) return "these filters";
  return activeFilterCount(search) > 0 ? `“${search.q}” with these filters` : `“${search.q}”`;
}

/** The messages that match the inbox search, newest first, grouped by thread, a page at a time. */
export function MessageSearchResults({ search }: { search: InboxSearchFields }) {
  const pathname = usePathname();
  const openMessage = useSearchParams().get("message");
  const query = api.search.messages.useInfiniteQuery(messageSearchInput(search), {
    getNextPageParam: (page) => page.nextCursor,
  });
  if (query.isPending) return <p className="text-slate-600">Searching…</p>;
  if (!query.data)
    return (
      <p role="alert" className="rounded-md bg-red-50 px-3 py-2 text-sm text-red-800">
        Search failed: {query.error?.message ?? "unknown error"}
      </p>
    );
  const results = query.data.pages.flatMap((page) => page.results);
  if (results.length === 0) return <p className="text-slate-600">No messages match {describe(search)}. Try fewer words or clear a filter.</p>;
  const searchQuery = inboxSearchQueryString(search);
  const groups = groupByThread(results);
  return (
    <>
      <p className="mb-2 text-sm text-slate-600">
        {results.length} {results.length === 1 ? "message" : "messages"} in {groups.length}{" "}
        {groups.length === 1 ? "conversation" : "conversations"}
        {query.hasNextPage ? ", newest first; more below" : ", newest first"}
      </p>
      <ul aria-label="Search results" className="space-y-3">
        {groups.map(({ threadId, hits }) => {
          const thread = hits[0]!.thread;
          const base = threadHref("admin", threadId);
          return (
            <li key={threadId} className="overflow-hidden rounded-lg border border-slate-200 bg-white">
              <div
                className={`flex flex-wrap items-center gap-2 border-b border-slate-200 px-3 py-2 ${pathname === base ? "bg-blue-50" : "bg-slate-50"}`}
              >
                <span className="font-semibold text-slate-900">{thread.orderNumber}</span>
                <StatusBadge status={thread.status} />
              </div>
              <ul aria-label={`Matches in ${thread.orderNumber}`} className="divide-y divide-slate-200">
                {hits.map((hit) => (
                  <MessageSearchResult
                    key={hit.message.id}
                    hit={hit}
                    href={`${base}?${searchQuery}&message=${hit.message.id}`}
                    current={pathname === base && openMessage === hit.message.id}
                  />
                ))}
              </ul>
            </li>
          );
        })}
      </ul>
      {query.isFetchNextPageError && (
        <p role="alert" className="mt-4 rounded-md bg-red-50 px-3 py-2 text-sm text-red-800">
          Could not load more: {query.error?.message}
        </p>
      )}
      <LoadMoreButton query={query} auto />
    </>
  );
}
