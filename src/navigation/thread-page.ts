import type { UserRole } from "~/server/access/actor";

/**
 * The page where this role reads a thread: customers by their order number (their page covers an
 * order whose thread is not open yet), staff and partners by thread id. For links sent outside
 * the app (digests); a plain module so client components may use it too.
 */
export function threadPagePath(role: UserRole, thread: { orderNumber: string; threadId: string }): string {
  if (role === "customer") return `/orders/${encodeURIComponent(thread.orderNumber)}/messages`;
  return role === "admin" ? `/admin/inbox/${thread.threadId}` : `/partner/threads/${thread.threadId}`;
}
