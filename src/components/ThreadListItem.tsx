import Link from "next/link";
import type { RouterOutputs } from "~/trpc/react";
import { channelLabel } from "./channel-label";
import { StatusBadge } from "./StatusBadge";
import { Timestamp } from "./Timestamp";
import { unreadLabel } from "./unread-label";

export type ThreadSummary = RouterOutputs["threads"]["list"]["threads"][number];

export function ThreadListItem({ thread, href }: { thread: ThreadSummary; href: string }) {
  const last = thread.lastMessage;
  return (
    <li>
      <Link
        href={href}
        className="block px-4 py-3 hover:bg-slate-50 focus:outline-none focus-visible:bg-slate-100"
      >
        <div className="flex flex-wrap items-center gap-2">
          <span className="font-semibold text-slate-900">{thread.orderNumber}</span>
          <StatusBadge status={thread.status} />
          <StatusBadge status={thread.orderStatus} label={`order ${thread.orderStatus}`} />
          <span className="text-sm text-slate-600">{thread.customerName}</span>
          <span className="ml-auto flex items-center gap-2 text-xs text-slate-600">
            {thread.unreadCount > 0 && (
              <span className="rounded-full bg-brand px-2 py-0.5 font-semibold text-white">{unreadLabel(thread.unreadCount)}</span>
            )}
            <Timestamp iso={thread.lastMessageAt} />
          </span>
        </div>
        {last && (
          <p className="mt-1 truncate text-sm text-slate-600">
            {last.isInternal && (
              <span className="mr-1 rounded bg-internal px-1.5 py-0.5 text-xs font-semibold text-white">Internal note</span>
            )}
            <span className="font-medium text-slate-700">{last.senderName}</span>
            <span className="text-slate-600"> · {channelLabel[last.channel] ?? last.channel} · </span>
            {last.preview}
          </p>
        )}
      </Link>
    </li>
  );
}
