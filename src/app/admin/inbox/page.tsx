import { threadListInput } from "~/components/query-inputs";
import { ThreadList } from "~/components/ThreadList";
import { api, HydrateClient } from "~/trpc/server";
import { surfaceActor } from "../../_lib/surface-gate";

export default async function InboxPage() {
  const actor = await surfaceActor("admin", "/admin/inbox");
  if (!actor) return null;
  void api.threads.list.prefetchInfinite(threadListInput);
  return (
    <HydrateClient>
      <h1 className="mb-4 text-2xl font-semibold">Inbox</h1>
      <ThreadList linkStyle="admin" label="All conversations" />
    </HydrateClient>
  );
}
