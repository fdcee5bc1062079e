import type { ReactNode } from "react";
import { InboxKeyboard } from "~/components/InboxKeyboard";
import { InboxPanes } from "~/components/InboxPanes";
import { InboxSearch, InboxSearchFilters } from "~/components/InboxSearch";
import { LiveUpdates } from "~/components/live/LiveUpdates";
import { threadListInput } from "~/components/query-inputs";
import { api, HydrateClient } from "~/trpc/server";
import { requestedPath, surfaceActor } from "../../_lib/surface-gate";

/**
 * The admin inbox's three panes around whichever page is open (none, or a thread). A layout is
 * not given the query string, so only the plain list is prefetched here; a search in the URL runs
 * from the browser (both sides render "Searching…" first, so hydration agrees).
 */
export default async function InboxLayout({ children }: { children: ReactNode }) {
  const actor = await surfaceActor("admin", await requestedPath("admin"));
  if (!actor) return null;
  const stores = await api.stores.list();
  // Awaited, not streamed (see src/trpc/server.ts).
  await api.threads.list.prefetchInfinite(threadListInput);
  return (
    <HydrateClient>
      <InboxKeyboard reply note close search />
      <InboxPanes
        home="/admin/inbox"
        homeLabel="Inbox"
        title="Inbox"
        filters={<InboxSearchFilters stores={stores} />}
        live={<LiveUpdates page="admin-inbox" />}
        list={<InboxSearch stores={stores} />}
      >
        {children}
      </InboxPanes>
    </HydrateClient>
  );
}
