import type { ReactNode } from "react";
import { InboxKeyboard } from "~/components/InboxKeyboard";
import { InboxPanes } from "~/components/InboxPanes";
import { LiveUpdates } from "~/components/live/LiveUpdates";
import { NotForYourAccount } from "~/components/NotForYourAccount";
import { threadListInput } from "~/components/query-inputs";
import { ThreadList } from "~/components/ThreadList";
import { api, HydrateClient } from "~/trpc/server";
import { gateSurface, requestedPath } from "../_lib/surface-gate";

/**
 * The partner portal: the threads of the orders a reseller's store sells or a supplier fulfils
 * (threads.list applies that rule) beside the open one. Partners reply; they have no notes, no
 * close and no search, so neither do their shortcuts.
 */
export default async function PartnerLayout({ children }: { children: ReactNode }) {
  const access = await gateSurface("partner", await requestedPath("partner"));
  if (access.kind === "wrong-role") return <NotForYourAccount actor={access.actor} />;
  const { actor } = access;
  // Awaited, not streamed (see src/trpc/server.ts).
  await api.threads.list.prefetchInfinite(threadListInput);
  return (
    <div className="mx-auto max-w-5xl px-4 py-8">
      <HydrateClient>
        <InboxKeyboard reply note={false} close={false} search={false} />
        <InboxPanes
          home="/partner"
          homeLabel="All threads"
          title="Partner threads"
          live={<LiveUpdates page="partner-list" storeId={actor.storeId} supplierId={actor.supplierId} />}
          list={<ThreadList linkStyle="partner" label="Conversations you take part in" />}
        >
          {children}
        </InboxPanes>
      </HydrateClient>
    </div>
  );
}
