import Link from "next/link";
import { ChannelIcon } from "../ChannelIcon";
import { RelativeTime } from "../conversation/RelativeTime";
import { StatusBadge } from "../StatusBadge";
import { DetailField as Field } from "./DetailField";
import { AssignToOrderForm } from "./AssignToOrderForm";
import { inboundStatusLabels, providerChannel, providerLabels, type Provider } from "./channel-view-filters";
import { inboundEventSender, type InboundEvent } from "./InboundEventRow";
import { prettyPayload } from "./pretty-payload";
import { RetryEventButton } from "./RetryEventButton";

/** How each provider's call was proven genuine before it was stored (unverified calls are never stored). */
const verification: Record<Provider, string> = {
  whatsapp: "Signature verified (X-Hub-Signature-256, HMAC with the WhatsApp app secret)",
  twilio: "Signature verified (X-Twilio-Signature, with the Twilio auth token)",
  email: "Sender authenticated (HTTP Basic, the inbound-email credentials)",
  order_events: "Signature and timestamp verified (X-Orderline-Signature)",
};

const matchedBy: Record<string, string> = {
  reply_token: "the reply address of an email we sent",
  in_reply_to: "the email it answers",
  order_number: "the order number in its text, from that order’s customer",
  sender: "the sender’s phone or email, which points at one open order",
  assigned: "an admin’s assignment",
};

/** The pane's title: "WhatsApp message", "SMS delivery status", "Order event". */
function title(event: InboundEvent): string {
  if (event.kind === "order_event") return "Order event";
  return `${providerLabels[event.provider]} ${event.kind === "status" ? "delivery status" : "message"}`;
}

/** What processing made of the event, in a sentence. */
function outcome(event: InboundEvent): string {
  switch (event.status) {
    case "matched":
      return event.orderNumber ? `Matched to ${event.orderNumber}${event.matchReason ? ` by ${matchedBy[event.matchReason] ?? event.matchReason}` : ""}.` : "Applied.";
    case "unmatched":
      return "No rule placed it on an order: it waits for an admin to assign it.";
    case "duplicate":
      return "Received before: the message exists once, from the first delivery.";
    case "ignored":
      return event.error ?? "Ignored.";
    case "failed":
      return `Failed: ${event.error ?? "no reason recorded"}. Retry once the cause is fixed.`;
    case "received":
      return "Stored, not processed yet (a restart interrupted it): retry to process it now.";
  }
}

/**
 * One inbound event beside the log or the queue: who sent what, how it was verified, what became of
 * it (with its thread), the raw call pretty-printed, and the actions that fit its status.
 */
export function InboundEventDetail({ event }: { event: InboundEvent }) {
  const channel = providerChannel[event.provider];
  const payload = prettyPayload(event.rawBody, event.headers["content-type"]);
  const threadHref = event.threadId ? `/admin/inbox/${event.threadId}${event.messageId ? `?message=${event.messageId}` : ""}` : null;
  const retryable = event.status === "failed" || event.status === "received" || event.status === "unmatched";
  return (
    <article aria-labelledby="event-title" className="space-y-4">
      <header className="flex flex-wrap items-center gap-3">
        <h1 id="event-title" className="text-2xl font-semibold text-slate-900">
          {title(event)}
        </h1>
        <StatusBadge status={event.status} label={inboundStatusLabels[event.status]} />
      </header>

      <section aria-label="Message" className="rounded-lg border border-slate-200 bg-white p-4">
        <p className="flex flex-wrap items-center gap-x-2 gap-y-1 text-sm text-slate-700">
          {channel && <ChannelIcon channel={channel} showLabel />}
          <span className="font-semibold text-slate-900">{inboundEventSender(event)}</span>
          <span>
            · received <RelativeTime iso={event.receivedAt} />
          </span>
        </p>
        {event.subject && <p className="mt-2 font-medium text-slate-900">{event.subject}</p>}
        {event.text ? (
          <p className="mt-2 whitespace-pre-wrap break-words text-slate-900">{event.text}</p>
        ) : (
          <p className="mt-2 text-sm text-slate-600">No message text: see the payload below.</p>
        )}
      </section>

      {event.status === "unmatched" && event.kind === "message" && <AssignToOrderForm key={event.id} eventId={event.id} />}

      <section aria-labelledby="event-result" className="rounded-lg border border-slate-200 bg-white p-4">
        <h2 id="event-result" className="font-semibold text-slate-900">
          Verification and result
        </h2>
        <p className="mt-1 text-sm text-slate-900">{outcome(event)}</p>
        {threadHref && (
          <Link href={threadHref} className="mt-1 inline-block text-sm font-medium text-brand underline">
            Open the thread{event.orderNumber ? ` of ${event.orderNumber}` : ""}
          </Link>
        )}
        <dl className="mt-3 grid gap-x-4 gap-y-1 text-sm sm:grid-cols-[max-content_minmax(0,1fr)]">
          <Field name="Verification">{verification[event.provider]}</Field>
          <Field name="Received">
            <RelativeTime iso={event.receivedAt} />
          </Field>
          {event.processedAt && (
            <Field name="Processed">
              <RelativeTime iso={event.processedAt} />
            </Field>
          )}
          {event.sentAt && (
            <Field name="Sent by the customer">
              <RelativeTime iso={event.sentAt} />
            </Field>
          )}
          <Field name="Provider id">
            <code className="break-all text-xs">{event.providerEventId}</code>
          </Field>
        </dl>
        {retryable && (
          <div className="mt-3">
            <RetryEventButton eventId={event.id} label={event.status === "unmatched" ? "Retry matching" : "Retry"} />
          </div>
        )}
      </section>

      <section aria-labelledby="event-payload" className="rounded-lg border border-slate-200 bg-white p-4">
        <h2 id="event-payload" className="font-semibold text-slate-900">
          Raw payload <span className="text-sm font-normal text-slate-600">({payload.format})</span>
        </h2>
        <pre tabIndex={0} aria-label="Raw payload" className="mt-2 max-h-96 overflow-auto whitespace-pre rounded bg-slate-50 p-3 text-xs text-slate-900">
          {payload.text}
        </pre>
        <details className="mt-3 text-sm">
          <summary className="cursor-pointer text-slate-700">Request headers</summary>
          <dl className="mt-2 grid gap-x-4 gap-y-1 text-xs sm:grid-cols-[max-content_minmax(0,1fr)]">
            {Object.entries(event.headers).map(([name, value]) => (
              <Field key={name} name={name}>
                <code className="break-all">{value}</code>
              </Field>
            ))}
          </dl>
        </details>
      </section>
    </article>
  );
}
