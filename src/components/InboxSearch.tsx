"use client";

import { usePathname, useRouter, useSearchParams } from "next/navigation";
import { useTransition } from "react";
import { InboxSearchForm } from "./InboxSearchForm";
import { type InboxSearchFields, inboxSearchQueryString, isSearching, parseInboxSearch } from "./InboxSearchParams";
import { MessageSearchResults } from "./MessageSearchResults";
import { ThreadList } from "./ThreadList";

/**
 * The admin inbox: every thread, or with a keyword or filter set, the messages that match. The
 * search lives in the URL, so it can be linked, survives a reload and Back undoes it.
 */
export function InboxSearch({ stores }: { stores: { id: string; name: string }[] }) {
  const router = useRouter();
  const pathname = usePathname();
  const params = useSearchParams();
  const [navigating, startNavigation] = useTransition();
  const applied = parseInboxSearch(
    (name) => params.get(name),
    stores.map((store) => store.id),
  );

  function search(next: InboxSearchFields) {
    const query = inboxSearchQueryString(next);
    startNavigation(() => router.push(query ? `${pathname}?${query}` : pathname, { scroll: false }));
  }

  return (
    <>
      <InboxSearchForm applied={applied} stores={stores} onSearch={search} busy={navigating} />
      {isSearching(applied) ? <MessageSearchResults search={applied} /> : <ThreadList linkStyle="admin" label="All conversations" />}
    </>
  );
}
