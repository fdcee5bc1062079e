"use client";

import { usePathname, useRouter, useSearchParams } from "next/navigation";
import { useTransition } from "react";
import { InboxSearchForm } from "./InboxSearchForm";
import { type InboxSearchFields, inboxSearchQueryString, isSearching, parseInboxSearch } from "./InboxSearchParams";
import { MessageSearchResults } from "./MessageSearchResults";
import { ThreadList } from "./ThreadList";

type Stores = { id: string; name: string }[];

/** The search the URL holds; the filters pane and the list pane both read it, so they agree. */
function useAppliedSearch(stores: Stores): InboxSearchFields {
  const params = useSearchParams();
  return parseInboxSearch(
    (name) => params.get(name),
    stores.map((store) => store.id),
  );
}

/**
 * The admin inbox's keyword and filters (the left pane). The search lives in the URL, so it can
 * be linked, survives a reload and Back undoes it; an open thread stays open while searching.
 */
export function InboxSearchFilters({ stores }: { stores: Stores }) {
  const router = useRouter();
  const pathname = usePathname();
  const applied = useAppliedSearch(stores);
  const [navigating, startNavigation] = useTransition();

  function search(next: InboxSearchFields) {
    const query = inboxSearchQueryString(next);
    startNavigation(() => router.push(query ? `${pathname}?${query}` : pathname, { scroll: false }));
  }

  return <InboxSearchForm applied={applied} stores={stores} onSearch={search} busy={navigating} />;
}

/** The list pane: every thread, or with a keyword or filter set, the matching messages by thread. */
export function InboxSearch({ stores }: { stores: Stores }) {
  const applied = useAppliedSearch(stores);
  return isSearching(applied) ? <MessageSearchResults search={applied} /> : <ThreadList linkStyle="admin" label="All conversations" />;
}
