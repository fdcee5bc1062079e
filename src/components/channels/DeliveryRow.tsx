import type { RouterOutputs } from "~/trpc/react";
import { ChannelIcon } from "../ChannelIcon";
import { channelLabel } from "../channel-label";
import { StatusBadge } from "../StatusBadge";
import { ThreadListTime } from "../ThreadListTime";
import { deliveryStatusLabels } from "./channel-view-filters";
import { ListRowLink } from "./ListRowLink";

export type Delivery = RouterOutputs["deliveries"]["list"]["deliveries"][number];

export const attemptsLabel = (attempts: number) => (attempts === 0 ? "None yet" : attempts === 1 ? "1 attempt" : `${attempts} attempts`);

/** One outbound delivery: where it went, which reply, what became of it, and when it was queued. */
export function DeliveryRow({ delivery, href, current }: { delivery: Delivery; href: string; current: boolean }) {
  return (
    <ListRowLink href={href} current={current}>
      <div className="flex items-center gap-2">
        <ChannelIcon channel={delivery.channel} />
        <span className="min-w-0 truncate font-semibold text-slate-900">{delivery.recipient}</span>
        <span className="ml-auto shrink-0 text-xs text-slate-600">
          <ThreadListTime iso={delivery.createdAt} />
        </span>
      </div>
      <p className="mt-1 truncate text-sm text-slate-600">
        {delivery.kind === "digest" ? (
          <span className="font-medium text-slate-700">Notification digest</span>
        ) : (
          <>
            <span className="font-medium text-slate-700">{delivery.orderNumber}</span> · {delivery.senderName}
          </>
        )}
        : {delivery.preview}
      </p>
      <div className="mt-1 flex min-w-0 flex-wrap items-center gap-2 text-xs text-slate-700">
        <StatusBadge status={delivery.status} label={deliveryStatusLabels[delivery.status]} />
        {delivery.attempts > 1 && <span>{attemptsLabel(delivery.attempts)}</span>}
        {delivery.fallbackFrom && <span>instead of {channelLabel[delivery.fallbackFrom] ?? delivery.fallbackFrom}</span>}
        {delivery.lastError && <span className="min-w-0 truncate text-red-800">{delivery.lastError}</span>}
      </div>
    </ListRowLink>
  );
}
