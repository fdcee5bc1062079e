import { InboxSearch } from "~/components/InboxSearch";
import { LiveUpdates } from "~/components/live/LiveUpdates";
import { isSearching, messageSearchInput, parseInboxSearch, readSearchParams } from "~/components/InboxSearchParams";
import { threadListInput } from "~/components/query-inputs";
import { api, HydrateClient } from "~/trpc/server";
import { requestedPath, surfaceActor } from "../../../_lib/surface-gate";

type SearchParams = Promise<Record<string, string | string[] | undefined>>;

export default async function InboxPage({ searchParams }: { searchParams: SearchParams }) {
  // The proxy's path keeps the query string, so a shared search survives signing in.
  const actor = await surfaceActor("admin", await requestedPath("admin"));
  if (!actor) return null;

  const stores = await api.stores.list();
  const search = parseInboxSearch(
    readSearchParams(await searchParams),
    stores.map((store) => store.id),
  );
  // Awaited, not streamed: the lists read with useInfiniteQuery, so a query still pending here
  // renders "Loading…" on the server while the browser, which has the data by then, renders the
  // list, and React throws the server's HTML away (a hydration mismatch).
  if (isSearching(search)) await api.search.messages.prefetchInfinite(messageSearchInput(search));
  else await api.threads.list.prefetchInfinite(threadListInput);
  return (
    <HydrateClient>
      <h1 className="mb-4 text-2xl font-semibold">Inbox</h1>
      <LiveUpdates page="admin-inbox" />
      <InboxSearch stores={stores} />
    </HydrateClient>
  );
}
