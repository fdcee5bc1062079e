import Link from "next/link";
import { ThreadHeader } from "~/components/ThreadHeader";
import { messageListInput } from "~/components/query-inputs";
import { ThreadView } from "~/components/ThreadView";
import { api, HydrateClient } from "~/trpc/server";
import { orNotFound } from "../../../_lib/or-not-found";
import { surfaceActor } from "../../../_lib/surface-gate";

export default async function PartnerThreadPage({ params }: { params: Promise<{ threadId: string }> }) {
  const { threadId } = await params;
  const actor = await surfaceActor("partner", `/partner/threads/${encodeURIComponent(threadId)}`);
  if (!actor) return null;
  const thread = await orNotFound(api.threads.get({ threadId }));
  void api.messages.list.prefetchInfinite(messageListInput(thread.orderNumber));
  return (
    <HydrateClient>
      <p className="mb-2 text-sm">
        <Link href="/partner" className="text-brand underline">
          ← All threads
        </Link>
      </p>
      <ThreadHeader thread={thread} />
      <ThreadView orderNumber={thread.orderNumber} viewerId={actor.id} allowInternalNote={false} />
    </HydrateClient>
  );
}
