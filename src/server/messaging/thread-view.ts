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

export function toThreadView(
  thread: Pick<ThreadRow, "id" | "status" | "lastMessageAt" | "closedAt" | "closedBy">,
  orderNumber: string,
): ThreadView {
  return {
    id: thread.id,
    orderNumber,
    status: thread.status,
    lastMessageAt: thread.lastMessageAt.toISOString(),
    closedAt: thread.closedAt?.toISOString() ?? null,
    closedBy: thread.closedBy,
  };
}
