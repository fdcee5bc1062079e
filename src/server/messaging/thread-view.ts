import { canSeeInternalNotes, type Actor } from "../access";
import type { ThreadRow } from "./find-accessible-order";

/** A thread as callers see it (CONTRACT.md): never the reply token. */
export interface ThreadView {
  id: string;
  orderNumber: string;
  status: "open" | "closed";
  lastMessageAt: string;
  closedAt: string | null;
  closedBy: string | null;
}

type ThreadActivity = Pick<ThreadRow, "lastMessageAt" | "lastPublicMessageAt">;

/**
 * Whether the thread exists from the actor's point of view. One that holds only internal notes
 * does not for those who may not read them: neither its existence nor its times may tell them a
 * note was written.
 */
export function isThreadVisibleTo(actor: Actor, thread: ThreadActivity): boolean {
  return canSeeInternalNotes(actor) || thread.lastPublicMessageAt !== null;
}

export function toThreadView(
  actor: Actor,
  thread: Pick<ThreadRow, "id" | "status" | "lastMessageAt" | "lastPublicMessageAt" | "createdAt" | "closedAt" | "closedBy">,
  orderNumber: string,
): ThreadView {
  // The createdAt fallback is never reached by callers that check isThreadVisibleTo first; it is
  // there so the type holds, not as a value a non-admin should ever see.
  const lastMessageAt = canSeeInternalNotes(actor) ? thread.lastMessageAt : (thread.lastPublicMessageAt ?? thread.createdAt);
  return {
    id: thread.id,
    orderNumber,
    status: thread.status,
    lastMessageAt: lastMessageAt.toISOString(),
    closedAt: thread.closedAt?.toISOString() ?? null,
    closedBy: thread.closedBy,
  };
}
