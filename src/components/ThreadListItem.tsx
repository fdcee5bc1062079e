import Link from "next/link";
import type { RouterOutputs } from "~/trpc/react";
import { ChannelIcon } from "./ChannelIcon";
import { StatusBadge } from "./StatusBadge";
import { waitingSince } from "./thread-list-time";
import { ThreadListTime } from "./ThreadListTime";
import { unreadLabel } from "./unread-label";

export type ThreadSummary = RouterOutputs["threads"]["list"]["threads"][number];

/** One row of the inbox list; `current` marks the thread open beside it. */
export function ThreadListItem({ thread, href, current }: { thread: ThreadSummary; href: string; current: boolean }) {
  const last = thread.lastMessage;
  const waiting = waitingSince(thread);
  return (
    <li>
      <Link
        href={href}
        data-inbox-row=""
        data-order-number={thread.orderNumber}
        aria-current={current ? "page" : undefined}
        className={`block border-l-4 px-3 py-3 focus:outline-none focus-visible:ring-2 focus-visible:ring-inset focus-visible:ring-brand ${
          current ? "border-brand bg-blue-50" : "border-transparent hover:bg-slate-50"
        }`}
      >
        <div className="flex flex-wrap items-center gap-x-2 gap-y-1">
          <span className="font-semibold text-slate-900">{thread.orderNumber}</span>
          <span className="min-w-0 truncate text-sm text-slate-700">{thread.customerName}</span>
          <span className="ml-auto flex items-center gap-2 text-xs text-slate-600">
            {thread.unreadCount > 0 && (
              <span className="rounded-full bg-brand px-2 py-0.5 font-semibold text-white">{unreadLabel(thread.unreadCount)}</span>
            )}
            <ThreadListTime iso={thread.lastMessageAt} />
          </span>
        </div>
        {last && (
          <p className="mt-1 flex items-center gap-1.5 text-sm text-slate-600">
            <ChannelIcon channel={last.channel} />
            {last.isInternal && (
              <span className="shrink-0 rounded bg-internal px-1.5 py-0.5 text-xs font-semibold text-white">Internal note</span>
            )}
            <span className="min-w-0 truncate">
              <span className="font-medium text-slate-700">{last.fromMe ? "You" : last.senderName}:</span> {last.preview}
            </span>
          </p>
        )}
        <div className="mt-1 flex flex-wrap items-center gap-2 text-xs">
          <StatusBadge status={thread.status} />
          <StatusBadge status={thread.orderStatus} label={`order ${thread.orderStatus}`} />
          {waiting && (
            <span className="rounded bg-amber-100 px-1.5 py-0.5 font-medium text-amber-900">
              Customer waiting <ThreadListTime iso={waiting} prefix="· " />
            </span>
          )}
        </div>
      </Link>
    </li>
  );
}
