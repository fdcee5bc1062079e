"use client";

import Link from "next/link";
import { useState } from "react";
import type { UserRole } from "~/server/access/actor";
import { channelNames, realtimeEvents } from "~/server/realtime/channel-names";
import { api } from "~/trpc/react";
import { useLiveChannels } from "./use-live-channels";

const BELL_DELAY_MS = 500;

function threadHref(role: UserRole, n: { orderNumber: string; threadId: string | null }): string {
  if (role === "customer" || !n.threadId) return `/orders/${encodeURIComponent(n.orderNumber)}/messages`;
  return role === "admin" ? `/admin/inbox/${n.threadId}` : `/partner/threads/${n.threadId}`;
}

/** The header's bell: unread count live over the user's own channel, a list that opens the thread. */
export function NotificationBell({ userId, role }: { userId: string; role: UserRole }) {
  const [open, setOpen] = useState(false);
  const utils = api.useUtils();
  const unread = api.notifications.unreadCount.useQuery();
  const list = api.notifications.list.useQuery({ limit: 10 }, { enabled: open });
  const refresh = () => void utils.notifications.invalidate();
  const markRead = api.notifications.markRead.useMutation({ onSuccess: refresh });
  const markAllRead = api.notifications.markAllRead.useMutation({ onSuccess: refresh });
  useLiveChannels([channelNames.user(userId)], (reason) => {
    if (reason.kind === "poll") void utils.notifications.invalidate(undefined, undefined, { cancelRefetch: false });
    // The count can wait half a second: the page's own refetch of the new message goes first.
    else if (reason.kind === "recovered" || reason.event === realtimeEvents.notification) setTimeout(refresh, BELL_DELAY_MS);
  });

  const count = unread.data?.unread ?? 0;
  return (
    <div className="relative">
      <button
        type="button"
        aria-expanded={open}
        aria-controls="notification-panel"
        onClick={() => setOpen((o) => !o)}
        className="whitespace-nowrap rounded-md border border-slate-300 px-2.5 py-1.5 text-sm font-medium text-slate-700 hover:bg-slate-100 focus:outline-none focus-visible:ring-2 focus-visible:ring-brand"
      >
        <span aria-hidden="true" className="inline-flex items-center gap-1">
          {/* An SVG, not the 🔔 emoji: machines without an emoji font showed an empty box. */}
          <svg viewBox="0 0 24 24" width="16" height="16" fill="none" stroke="currentColor" strokeWidth="2" strokeLinecap="round" strokeLinejoin="round">
            <path d="M6 8a6 6 0 0 1 12 0c0 7 3 9 3 9H3s3-2 3-9" />
            <path d="M10.3 21a1.94 1.94 0 0 0 3.4 0" />
          </svg>
          {count > 0 ? count : null}
        </span>
        <span className="sr-only">{count > 0 ? `Notifications, ${count} unread` : "Notifications"}</span>
      </button>
      {open && (
        <div id="notification-panel" role="region" aria-label="Notifications" className="absolute right-0 z-10 mt-2 w-80 rounded-lg border border-slate-200 bg-white p-2 shadow-lg">
          <div className="flex items-center justify-between px-2 py-1">
            <span className="text-sm font-semibold">Notifications</span>
            <button type="button" onClick={() => markAllRead.mutate()} disabled={count === 0} className="text-xs text-brand-dark underline disabled:text-slate-400 disabled:no-underline">
              Mark all read
            </button>
          </div>
          {list.isPending ? (
            <p className="px-2 py-1 text-sm text-slate-500">Loading…</p>
          ) : list.data?.notifications.length ? (
            <ul className="max-h-96 overflow-y-auto">
              {list.data.notifications.map((n) => (
                <li key={n.id}>
                  <Link
                    href={threadHref(role, n)}
                    onClick={() => {
                      if (!n.read) markRead.mutate({ id: n.id });
                      setOpen(false);
                    }}
                    className={`block rounded px-2 py-1.5 text-sm hover:bg-slate-50 ${n.read ? "text-slate-600" : "font-medium text-slate-900"}`}
                  >
                    {n.title}
                    <span className="block text-xs font-normal text-slate-500">{new Date(n.createdAt).toLocaleString()}</span>
                  </Link>
                </li>
              ))}
            </ul>
          ) : (
            <p className="px-2 py-1 text-sm text-slate-500">Nothing new.</p>
          )}
        </div>
      )}
    </div>
  );
}
