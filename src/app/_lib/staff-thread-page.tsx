import Link from "next/link";
import { LiveUpdates } from "~/components/live/LiveUpdates";
import { messageListInput } from "~/components/query-inputs";
import { ThreadActions } from "~/components/ThreadActions";
import { ThreadHeader } from "~/components/ThreadHeader";
import { ThreadView } from "~/components/ThreadView";
import { api, HydrateClient } from "~/trpc/server";
import { orNotFound } from "./or-not-found";
import { surfaceActor } from "./surface-gate";

/**
 * One thread with its order beside it, as the admin inbox and the partner portal show it. Only
 * admins get the internal-note control and close/reopen; the procedures refuse them to anyone else.
 */
export async function StaffThreadPage({ surface, threadId }: { surface: "admin" | "partner"; threadId: string }) {
  const home = surface === "admin" ? { href: "/admin/inbox", label: "Inbox" } : { href: "/partner", label: "All threads" };
  const path = surface === "admin" ? `/admin/inbox/${encodeURIComponent(threadId)}` : `/partner/threads/${encodeURIComponent(threadId)}`;
  const actor = await surfaceActor(surface, path);
  if (!actor) return null;
  const thread = await orNotFound(api.threads.get({ threadId }));
  // Awaited, not streamed (see src/trpc/server.ts).
  await api.messages.list.prefetchInfinite(messageListInput(thread.orderNumber));
  const admin = surface === "admin";
  return (
    <HydrateClient>
      <p className="mb-2 text-sm">
        <Link href={home.href} className="text-brand underline">
          ← {home.label}
        </Link>
      </p>
      <ThreadHeader thread={thread} actions={admin ? <ThreadActions initial={thread} /> : undefined} />
      <LiveUpdates page="staff-thread" threadId={thread.id} orderNumber={thread.orderNumber} internal={admin} />
      <ThreadView orderNumber={thread.orderNumber} viewerId={actor.id} allowInternalNote={admin} />
    </HydrateClient>
  );
}
