"use client";

import { api } from "~/trpc/react";
import { activeFilterCount, type InboxSearchFields, messageSearchInput } from "./InboxSearchParams";
import { MessageSearchResult } from "./MessageSearchResult";
import { LoadMoreButton } from "./LoadMoreButton";

/** What was searched, for the sentence that says nothing matched. */
function describe(search: InboxSearchFields): string {
  if (!search.q) return "these filters";
  return activeFilterCount(search) > 0 ? `“${search.q}” with these filters` : `“${search.q}”`;
}

/** The messages that match the inbox search, newest first, a page at a time. */
export function MessageSearchResults({ search }: { search: InboxSearchFields }) {
  const query = api.search.messages.useInfiniteQuery(messageSearchInput(search), {
    getNextPageParam: (page) => page.nextCursor,
  });
  if (query.isPending) return <p className="text-slate-500">Searching…</p>;
  if (!query.data)
    return (
      <p role="alert" className="rounded-md bg-red-50 px-3 py-2 text-sm text-red-800">
        Search failed: {query.error?.message ?? "unknown error"}
      </p>
    );
  const results = query.data.pages.flatMap((page) => page.results);
  if (results.length === 0) return <p className="text-slate-600">No messages match {describe(search)}.</p>;
  return (
    <>
      <p className="mb-2 text-sm text-slate-600">
        {results.length} {results.length === 1 ? "message" : "messages"}
        {query.hasNextPage ? ", newest first; more below" : ", newest first"}
      </p>
      <ul aria-label="Search results" className="divide-y divide-slate-200 overflow-hidden rounded-lg border border-slate-200 bg-white">
        {results.map((hit) => (
          <MessageSearchResult key={hit.message.id} hit={hit} />
        ))}
      </ul>
      {query.isFetchNextPageError && (
        <p role="alert" className="mt-4 rounded-md bg-red-50 px-3 py-2 text-sm text-red-800">
          Could not load more: {query.error?.message}
        </p>
      )}
      <LoadMoreButton query={query} />
    </>
  );
}
