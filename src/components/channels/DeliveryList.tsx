"use client";

import Link from "next/link";
import { usePathname, useSearchParams } from "next/navigation";
import { api } from "~/trpc/react";
import { LoadMoreButton } from "../LoadMoreButton";
import { deliveryFilters, deliveryListInput, filtersQueryString } from "./channel-view-filters";
import { DeliveryRow } from "./DeliveryRow";
import { ListEmpty, ListError, ListLoading } from "./ListPaneStates";

/** The outbox, newest first, filtered by the URL; the next page loads on scroll. */
export function DeliveryList() {
  const pathname = usePathname();
  const params = useSearchParams();
  const read = (name: string) => params.get(name);
  const filters = filtersQueryString(read, deliveryFilters);
  const query = api.deliveries.list.useInfiniteQuery(deliveryListInput(read), { getNextPageParam: (page) => page.nextCursor });
  if (query.isPending) return <ListLoading what="deliveries" />;
  if (query.isError) return <ListError what="deliveries" message={query.error.message} retry={() => void query.refetch()} />;
  const deliveries = query.data.pages.flatMap((page) => page.deliveries);
  if (deliveries.length === 0)
    return filters ? (
      <ListEmpty title="No deliveries match these filters.">
        <p>
          Set a filter back to “Any”, or <Link href="/admin/deliveries" className="text-brand underline">show every delivery</Link>.
        </p>
      </ListEmpty>
    ) : (
      <ListEmpty title="Nothing has been sent yet.">
        <p>Replies to customers who wrote by email, WhatsApp or SMS go out from here; each appears with its status as it is queued.</p>
      </ListEmpty>
    );
  return (
    <>
      <ul aria-label="Deliveries" className="divide-y divide-slate-200 rounded-lg border border-slate-200 bg-white">
        {deliveries.map((delivery) => (
          <DeliveryRow
            key={delivery.id}
            delivery={delivery}
            href={`/admin/deliveries/${delivery.id}${filters ? `?${filters}` : ""}`}
            current={pathname === `/admin/deliveries/${delivery.id}`}
          />
        ))}
      </ul>
      <LoadMoreButton query={query} auto />
    </>
  );
}
