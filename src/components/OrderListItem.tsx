import Link from "next/link";
import type { RouterOutputs } from "~/trpc/react";
import { ChannelIcon } from "./ChannelIcon";
import { StatusBadge } from "./StatusBadge";
import { ThreadListTime } from "./ThreadListTime";
import { Timestamp } from "./Timestamp";
import { unreadLabel } from "./unread-label";

export type OrderSummary = RouterOutputs["orders"]["list"]["orders"][number];

/**
 * One of the customer's orders: its conversation at a glance, or an invitation to start one. Laid
 * out as the staff's thread rows are (number, unread and age on one line, the last message, then
 * the states), so a phone shows each order in three short lines.
 */
export function OrderListItem({ order }: { order: OrderSummary }) {
  const conversation = order.conversation;
  const last = conversation?.lastMessage;
  return (
    <li>
      <Link
        href={`/orders/${encodeURIComponent(order.orderNumber)}/messages`}
        className="block px-4 py-3 hover:bg-slate-50 focus:outline-none focus-visible:bg-slate-100 focus-visible:ring-2 focus-visible:ring-inset focus-visible:ring-brand"
      >
        <div className="flex items-center gap-2">
          <span className="font-semibold text-slate-900">{order.orderNumber}</span>
          <span className="ml-auto flex shrink-0 items-center gap-2 text-xs text-slate-600">
            {conversation && conversation.unreadCount > 0 && (
              <span className="rounded-full bg-brand px-2 py-0.5 font-semibold text-white">{unreadLabel(conversation.unreadCount)}</span>
            )}
            {conversation ? (
              <ThreadListTime iso={conversation.lastMessageAt} />
            ) : (
              <span>
                Placed <Timestamp iso={order.placedAt} />
              </span>
            )}
          </span>
        </div>
        {last ? (
          <p className="mt-1 flex items-center gap-1.5 text-sm text-slate-600">
            <ChannelIcon channel={last.channel} />
            <span className="min-w-0 truncate">
              <span className="font-medium text-slate-700">{last.fromMe ? "You" : last.senderName}:</span> {last.preview}
            </span>
          </p>
        ) : (
          <p className="mt-1 text-sm text-slate-600">No messages yet. Ask us anything about this order.</p>
        )}
        <div className="mt-1 flex flex-wrap items-center gap-2 text-xs">
          <StatusBadge status={order.orderStatus} label={`order ${order.orderStatus}`} />
          {conversation && <StatusBadge status={conversation.status} label={`conversation ${conversation.status}`} />}
        </div>
      </Link>
    </li>
  );
}
