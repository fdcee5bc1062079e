import Link from "next/link";
import type { RouterOutputs } from "~/trpc/react";
import { channelLabel } from "./channel-label";
import { StatusBadge } from "./StatusBadge";
import { Timestamp } from "./Timestamp";
import { unreadLabel } from "./unread-label";

export type OrderSummary = RouterOutputs["orders"]["list"]["orders"][number];

/** One of the customer's orders: its conversation at a glance, or an invitation to start one. */
export function OrderListItem({ order }: { order: OrderSummary }) {
  const conversation = order.conversation;
  const last = conversation?.lastMessage;
  return (
    <li>
      <Link
        href={`/orders/${encodeURIComponent(order.orderNumber)}/messages`}
        className="block px-4 py-3 hover:bg-slate-50 focus:outline-none focus-visible:bg-slate-100"
      >
        <div className="flex flex-wrap items-center gap-2">
          <span className="font-semibold text-slate-900">{order.orderNumber}</span>
          <StatusBadge status={order.orderStatus} label={`order ${order.orderStatus}`} />
          {conversation && <StatusBadge status={conversation.status} label={`conversation ${conversation.status}`} />}
          <span className="ml-auto flex items-center gap-2 text-xs text-slate-600">
            {conversation && conversation.unreadCount > 0 && (
              <span className="rounded-full bg-brand px-2 py-0.5 font-semibold text-white">{unreadLabel(conversation.unreadCount)}</span>
            )}
            {conversation ? (
              <Timestamp iso={conversation.lastMessageAt} />
            ) : (
              <span>
                Placed <Timestamp iso={order.placedAt} />
              </span>
            )}
          </span>
        </div>
        {last ? (
          <p className="mt-1 truncate text-sm text-slate-600">
            <span className="font-medium text-slate-700">{last.senderName}</span>
            <span className="text-slate-600"> · {channelLabel[last.channel] ?? last.channel} · </span>
            {last.preview}
          </p>
        ) : (
          <p className="mt-1 text-sm text-slate-600">No messages yet. Ask us anything about this order.</p>
        )}
      </Link>
    </li>
  );
}
