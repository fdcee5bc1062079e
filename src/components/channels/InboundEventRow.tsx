import type { RouterOutputs } from "~/trpc/react";
import { ChannelIcon } from "../ChannelIcon";
import { StatusBadge } from "../StatusBadge";
import { ThreadListTime } from "../ThreadListTime";
import { inboundStatusLabels, providerChannel, providerLabels } from "./channel-view-filters";
import { ListRowLink } from "./ListRowLink";

export type InboundEvent = RouterOutputs["webhooks"]["events"]["events"][number];

/** Who an event is from, as an admin scanning the list recognises it. */
export function inboundEventSender(event: InboundEvent): string {
  if (event.fromName && event.from) return `${event.fromName} (${event.from})`;
  if (event.from) return event.from;
  if (event.kind === "order_event") return "Order system";
  if (event.kind === "status") return `${providerLabels[event.provider]} delivery status`;
  return providerLabels[event.provider];
}

/** What an event says: the message's subject and text, else what kind of call it was. */
export function inboundEventSummary(event: InboundEvent): string {
  const text = [event.subject, event.text].filter(Boolean).join(" — ");
  if (text) return text;
  if (event.kind === "status") return "A delivery status update";
  return event.providerEventId;
}

/** One inbound event in the log or the unmatched queue: sender, channel, text, status, age. */
export function InboundEventRow({ event, href, current, showStatus }: { event: InboundEvent; href: string; current: boolean; showStatus: boolean }) {
  const channel = providerChannel[event.provider];
  return (
    <ListRowLink href={href} current={current}>
      <div className="flex items-center gap-2">
        {channel ? <ChannelIcon channel={channel} /> : <span className="sr-only">{providerLabels[event.provider]}</span>}
        <span className="min-w-0 truncate">
          <span className="font-semibold text-slate-900">{event.fromName ?? inboundEventSender(event)}</span>
          {event.fromName && event.from && <span className="text-sm text-slate-600"> {event.from}</span>}
        </span>
        <span className="ml-auto shrink-0 text-xs text-slate-600">
          <ThreadListTime iso={event.receivedAt} />
        </span>
      </div>
      <p className="mt-1 line-clamp-2 break-words text-sm text-slate-700">{inboundEventSummary(event)}</p>
      {(showStatus || event.orderNumber || event.error) && (
        <div className="mt-1 flex min-w-0 flex-wrap items-center gap-2 text-xs">
          {showStatus && <StatusBadge status={event.status} label={inboundStatusLabels[event.status]} />}
          {event.orderNumber && <span className="font-medium text-slate-700">{event.orderNumber}</span>}
          {event.error && <span className="min-w-0 truncate text-red-800">{event.error}</span>}
        </div>
      )}
    </ListRowLink>
  );
}
