"use client";

import Link from "next/link";
import { usePathname, useSearchParams } from "next/navigation";
import { api } from "~/trpc/react";
import { LoadMoreButton } from "../LoadMoreButton";
import { unmatchedQueueInput } from "../query-inputs";
import { filtersQueryString, inboundEventFilters, inboundEventListInput } from "./channel-view-filters";
import { InboundEventRow, type InboundEvent } from "./InboundEventRow";
import { ListEmpty, ListError, ListLoading } from "./ListPaneStates";

type Page = { events: InboundEvent[]; nextCursor: string | null };
const nextPage = { getNextPageParam: (page: Page) => page.nextCursor };

function Rows({ events, label, hrefOf, showStatus }: { events: InboundEvent[]; label: string; hrefOf: (id: string) => string; showStatus: boolean }) {
  const pathname = usePathname();
  return (
    <ul aria-label={label} className="divide-y divide-slate-200 rounded-lg border border-slate-200 bg-white">
      {events.map((event) => {
        const href = hrefOf(event.id);
        return <InboundEventRow key={event.id} event={event} href={href} current={pathname === href.split("?")[0]} showStatus={showStatus} />;
      })}
    </ul>
  );
}

/** Every verified webhook call, newest first, filtered by the URL; the next page loads on scroll. */
export function InboundEventLog() {
  const params = useSearchParams();
  const read = (name: string) => params.get(name);
  const filters = filtersQueryString(read, inboundEventFilters);
  const query = api.webhooks.events.useInfiniteQuery(inboundEventListInput(read), nextPage);
  if (query.isPending) return <ListLoading what="inbound events" />;
  if (query.isError) return <ListError what="inbound events" message={query.error.message} retry={() => void query.refetch()} />;
  const events = query.data.pages.flatMap((page) => page.events);
  if (events.length === 0)
    return filters ? (
      <ListEmpty title="No events match these filters.">
        <p>
          Set a filter back to “Any”, or <Link href="/admin/webhooks" className="text-brand underline">show every event</Link>.
        </p>
      </ListEmpty>
    ) : (
      <ListEmpty title="No inbound events yet.">
        <p>Every verified call from WhatsApp, SMS, inbound email and the order system appears here as it arrives.</p>
        <p>If a customer says they wrote and nothing is here, check that channel’s webhook URL and secret (README, “Channels”).</p>
      </ListEmpty>
    );
  return (
    <>
      <Rows events={events} label="Inbound events" hrefOf={(id) => `/admin/webhooks/${id}${filters ? `?${filters}` : ""}`} showStatus />
      <LoadMoreButton query={query} auto />
    </>
  );
}

/** Messages no rule could place, oldest waiting last; each opens beside the list to be assigned. */
export function UnmatchedQueue() {
  const query = api.webhooks.unmatched.useInfiniteQuery(unmatchedQueueInput, nextPage);
  if (query.isPending) return <ListLoading what="the unmatched queue" />;
  if (query.isError) return <ListError what="the unmatched queue" message={query.error.message} retry={() => void query.refetch()} />;
  const events = query.data.pages.flatMap((page) => page.events);
  if (events.length === 0)
    return (
      <ListEmpty title="Nothing waits for an order.">
        <p>Messages whose sender or text points at no single open order wait here until you assign them.</p>
        <p>
          Everything that arrived is in the <Link href="/admin/webhooks" className="text-brand underline">inbound events log</Link>.
        </p>
      </ListEmpty>
    );
  return (
    <>
      <Rows events={events} label="Unmatched messages" hrefOf={(id) => `/admin/webhooks/unmatched/${id}`} showStatus={false} />
      <LoadMoreButton query={query} auto />
    </>
  );
}
