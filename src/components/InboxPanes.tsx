"use client";

import Link from "next/link";
import { usePathname, useSearchParams } from "next/navigation";
import type { ReactNode } from "react";

/**
 * The staff inbox's panes: filters (admins only), the thread list and the open thread — and the
 * same frame for the admins' channel views (events, unmatched queue, deliveries) and their open
 * item. From
 * 1024 px they stand side by side, each scrolling on its own, so the filters can never push the
 * list below the fold; below that the page shows the list, or the thread with a way back to it.
 * A layout renders this, so the list stays mounted (and scrolled) while threads open beside it.
 */
export function InboxPanes({
  home,
  homeLabel,
  title,
  filters,
  live,
  list,
  children,
}: {
  home: string;
  homeLabel: string;
  title: string;
  filters?: ReactNode;
  /** The list's live subscription, if it has one. Its status line is hidden while a thread is open
   * (the thread shows its own, over the same connection), so a page never shows two; it keeps listening. */
  live?: ReactNode;
  list: ReactNode;
  children: ReactNode;
}) {
  const threadOpen = usePathname() !== home;
  // Back to the list as it was left: its filters live in the query string.
  const query = useSearchParams().toString();
  const columns = filters
    ? "lg:grid-cols-[15rem_minmax(18rem,22rem)_minmax(0,1fr)]"
    : "lg:grid-cols-[minmax(18rem,24rem)_minmax(0,1fr)]";
  const listColumn = filters ? "lg:col-start-2" : "lg:col-start-1";
  const listHidden = threadOpen ? "hidden lg:block" : "";
  return (
    // Wider than the site's reading column: three panes need the screen (never wider than 1600 px).
    <div className="lg:relative lg:left-1/2 lg:w-[min(calc(100vw-2rem),100rem)] lg:-translate-x-1/2">
      {/* The list's title comes first (on a phone, above the filters) and stays put while the list scrolls under it. */}
      <div className={`lg:grid ${columns} lg:h-[calc(100dvh-9rem)] lg:min-h-[32rem] lg:grid-rows-[auto_minmax(0,1fr)] lg:gap-x-4`}>
        <h1 id="inbox-list-title" className={`${listHidden} mb-3 text-2xl font-semibold ${listColumn} lg:row-start-1`}>
          {title}
        </h1>
        {filters && <div className={`${listHidden} lg:col-start-1 lg:row-span-2 lg:row-start-1 lg:overflow-y-auto`}>{filters}</div>}
        <section aria-labelledby="inbox-list-title" className={`${listHidden} min-w-0 ${listColumn} lg:row-start-2 lg:overflow-y-auto lg:pr-1`}>
          {live && <div hidden={threadOpen}>{live}</div>}
          {list}
        </section>
        <div
          data-thread-pane=""
          className={`${threadOpen ? "" : "hidden lg:block"} min-w-0 ${filters ? "lg:col-start-3" : "lg:col-start-2"} lg:row-span-2 lg:row-start-1 lg:overflow-y-auto lg:pr-1`}
        >
          {threadOpen && (
            <p className="mb-2 text-sm lg:hidden">
              <Link href={query ? `${home}?${query}` : home} className="text-brand underline">
                ← {homeLabel}
              </Link>
            </p>
          )}
          {children}
        </div>
      </div>
    </div>
  );
}
