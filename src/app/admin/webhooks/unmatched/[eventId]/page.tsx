import { InboundEventDetail } from "~/components/channels/InboundEventDetail";
import { api } from "~/trpc/server";
import { orNotFound } from "../../../../_lib/or-not-found";
import { surfaceActor } from "../../../../_lib/surface-gate";

export default async function UnmatchedMessagePage({ params }: { params: Promise<{ eventId: string }> }) {
  const { eventId } = await params;
  const actor = await surfaceActor("admin", `/admin/webhooks/unmatched/${encodeURIComponent(eventId)}`);
  if (!actor) return null;
  return <InboundEventDetail event={await orNotFound(api.webhooks.event({ eventId }))} />;
}
