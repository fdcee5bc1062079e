import Link from "next/link";
import { ThreadActions } from "~/components/ThreadActions";
import { ThreadHeader } from "~/components/ThreadHeader";
import { messageListInput } from "~/components/query-inputs";
import { ThreadView } from "~/components/ThreadView";
import { api, HydrateClient } from "~/trpc/server";
import { orNotFound } from "../../../_lib/or-not-found";
import { surfaceActor } from "../../../_lib/surface-gate";

export default async function AdminThreadPage({ params }: { params: Promise<{ threadId: string }> }) {
  const { threadId } = await params;
  const actor = await surfaceActor("admin", `/admin/inbox/${encodeURIComponent(threadId)}`);
  if (!actor) return null;
  const thread = await orNotFound(api.threads.get({ threadId }));
  void api.messages.list.prefetchInfinite(messageListInput(thread.orderNumber));
  return (
    <HydrateClient>
      <p className="mb-2 text-sm">
        <Link href="/admin/inbox" className="text-brand underline">
          ← Inbox
        </Link>
      </p>
      <ThreadHeader thread={thread} actions={<ThreadActions initial={thread} />} />
      <ThreadView orderNumber={thread.orderNumber} viewerId={actor.id} allowInternalNote />
    </HydrateClient>
  );
}
