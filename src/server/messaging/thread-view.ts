import { threadActivityAt, type Actor } from "../access";
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

/**
 * The view of a thread the actor may see (it passed `visibleThreadsWhere`, or the actor just wrote
 * on it), dated as they see it.
 */
export function toThreadView(
  actor: Actor,
  thread: Pick<ThreadRow, "id" | "status" | "lastMessageAt" | "lastPublicMessageAt" | "createdAt" | "closedAt" | "closedBy">,
  orderNumber: string,
): ThreadView {
  // The createdAt fallback is never reached for a thread that passed visibleThreadsWhere; it is
  // there so the type holds, not as a value a non-admin should ever see.
  const lastMessageAt = threadActivityAt(actor, thread) ?? thread.createdAt;
  return {
    id: thread.id,
    orderNumber,
    status: thread.status,
    lastMessageAt: lastMessageAt.toISOString(),
    closedAt: thread.closedAt?.toISOString() ?? null,
    closedBy: thread.closedBy,
  };
}
