import type { RouterOutputs } from "~/trpc/react";
import { InboundEventActions } from "./InboundEventActions";
import { Timestamp } from "./Timestamp";

type InboundEvent = RouterOutputs["webhooks"]["events"]["events"][number];

/** Inbound events as admins review them: who, what, what became of it, and the raw call on demand. */
export function InboundEventList({ events }: { events: InboundEvent[] }) {
  if (events.length === 0) return <p className="text-slate-600">Nothing here.</p>;
  return (
    <ul className="divide-y divide-slate-200 rounded-md border border-slate-200 bg-white">
      {events.map((event) => (
        <li key={event.id} className="space-y-2 p-4">
          <div className="flex flex-wrap items-baseline gap-x-3 gap-y-1 text-sm">
            <span className="font-medium">{event.provider}</span>
            <span className="rounded bg-slate-100 px-1.5 py-0.5">{event.status}</span>
            <span className="text-slate-600">{event.kind}</span>
            {event.from && <span>from {event.fromName ? `${event.fromName} (${event.from})` : event.from}</span>}
            {event.orderNumber && <span>order {event.orderNumber}</span>}
            {event.matchReason && <span className="text-slate-600">by {event.matchReason.replace("_", " ")}</span>}
            <span className="text-slate-600">
              <Timestamp iso={event.receivedAt} />
            </span>
          </div>
          {event.subject && <p className="text-sm font-medium">{event.subject}</p>}
          {event.text && <p className="whitespace-pre-wrap text-sm">{event.text}</p>}
          {event.error && <p className="text-sm text-red-700">{event.error}</p>}
          <details className="text-sm">
            <summary className="cursor-pointer text-slate-600">Raw payload</summary>
            <pre className="mt-2 max-h-80 overflow-auto whitespace-pre-wrap break-all rounded bg-slate-50 p-2 text-xs">{event.rawBody}</pre>
          </details>
          <InboundEventActions eventId={event.id} status={event.status} kind={event.kind} />
        </li>
      ))}
    </ul>
  );
}
