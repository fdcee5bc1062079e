import Link from "next/link";
import type { RouterOutputs } from "~/trpc/react";
import { ChannelIcon } from "../ChannelIcon";
import { channelLabel } from "../channel-label";
import { RelativeTime } from "../conversation/RelativeTime";
import { StatusBadge } from "../StatusBadge";
import { DetailField as Field } from "./DetailField";
import { deliveryStatusLabels } from "./channel-view-filters";
import { attemptsLabel, type Delivery } from "./DeliveryRow";

type CapturedMail = RouterOutputs["deliveries"]["capturedMail"];

/** What the status means for the person waiting on the reply. */
function outcome(delivery: Delivery): string {
  switch (delivery.status) {
    case "pending":
      return delivery.attempts > 0 ? "Waiting to be tried again." : "Queued: the worker sends it shortly.";
    case "sending":
      return "Being sent now.";
    case "sent":
      return delivery.hasCapturedMail ? "Captured, not sent: SMTP_URL is not set, so the mail is kept here instead." : "Handed to the provider.";
    case "delivered":
      return "The provider confirmed delivery.";
    case "failed":
      return "Gave up after its last attempt: the customer has not received this reply on this channel.";
    case "cancelled":
      return "Not sent.";
  }
}

/**
 * One delivery beside the list: which reply went where, each attempt's outcome, why it fell back or
 * failed, the link to its thread, and the captured mail when there is one (development without SMTP).
 */
export function DeliveryDetail({ delivery, mail }: { delivery: Delivery; mail: CapturedMail | null }) {
  const waiting = delivery.status === "pending" || delivery.status === "sending";
  return (
    <article aria-labelledby="delivery-title" className="space-y-4">
      <header className="flex flex-wrap items-center gap-3">
        <h1 id="delivery-title" className="text-2xl font-semibold text-slate-900">
          {delivery.kind === "digest"
            ? `Notification digest to ${delivery.recipient}`
            : `${channelLabel[delivery.channel] ?? delivery.channel} to ${delivery.orderNumber}’s customer`}
        </h1>
        <StatusBadge status={delivery.status} label={deliveryStatusLabels[delivery.status]} />
      </header>

      <section aria-labelledby="delivery-reply" className="rounded-lg border border-slate-200 bg-white p-4">
        <h2 id="delivery-reply" className="sr-only">
          The reply
        </h2>
        {delivery.kind === "digest" ? (
          <>
            <p className="text-sm text-slate-700">
              Unread notifications, gathered into one mail · queued <RelativeTime iso={delivery.createdAt} />
            </p>
            <p className="mt-2 whitespace-pre-wrap break-words text-slate-900">{delivery.preview}</p>
          </>
        ) : (
          <>
            <p className="text-sm text-slate-700">
              <span className="font-semibold text-slate-900">{delivery.senderName}</span> wrote on {delivery.orderNumber} · queued{" "}
              <RelativeTime iso={delivery.createdAt} />
            </p>
            <p className="mt-2 whitespace-pre-wrap break-words text-slate-900">{delivery.preview}</p>
            <Link href={`/admin/inbox/${delivery.threadId}?message=${delivery.messageId}`} className="mt-2 inline-block text-sm font-medium text-brand underline">
              Open the thread of {delivery.orderNumber}
            </Link>
          </>
        )}
      </section>

      <section aria-labelledby="delivery-result" className="rounded-lg border border-slate-200 bg-white p-4">
        <h2 id="delivery-result" className="font-semibold text-slate-900">
          Attempts and result
        </h2>
        <p className="mt-1 text-sm text-slate-900">{outcome(delivery)}</p>
        <dl className="mt-3 grid gap-x-4 gap-y-1 text-sm sm:grid-cols-[max-content_minmax(0,1fr)]">
          <Field name="Channel">
            <ChannelIcon channel={delivery.channel} showLabel />
          </Field>
          <Field name="Recipient">{delivery.recipient}</Field>
          <Field name="Attempts">{attemptsLabel(delivery.attempts)}</Field>
          {delivery.fallbackFrom && (
            <Field name="Fallback">
              Sent by {channelLabel[delivery.channel]} instead of {channelLabel[delivery.fallbackFrom] ?? delivery.fallbackFrom}
              {delivery.fallbackReason ? `: ${delivery.fallbackReason}` : ""}
            </Field>
          )}
          {delivery.lastError && (
            <Field name={delivery.status === "cancelled" ? "Reason" : "Last error"}>
              <span className="text-red-800">{delivery.lastError}</span>
            </Field>
          )}
          {waiting && (
            <Field name="Next attempt">
              <RelativeTime iso={delivery.nextAttemptAt} />
            </Field>
          )}
          {delivery.sentAt && (
            <Field name="Sent">
              <RelativeTime iso={delivery.sentAt} />
            </Field>
          )}
          {delivery.providerMessageId && (
            <Field name="Provider id">
              <code className="break-all text-xs">{delivery.providerMessageId}</code>
            </Field>
          )}
        </dl>
      </section>

      {mail && <CapturedMailSection mail={mail} />}
    </article>
  );
}

function CapturedMailSection({ mail }: { mail: CapturedMail }) {
  const headers: [string, string | null][] = [
    ["From", mail.from],
    ["To", mail.to],
    ["Reply-To", mail.replyTo],
    ["Subject", mail.subject],
    ["Date", mail.date],
    ["Message-ID", mail.messageId],
    ["In-Reply-To", mail.inReplyTo],
    ["References", mail.references.join(" ") || null],
  ];
  return (
    <section aria-labelledby="captured-mail" className="rounded-lg border border-slate-200 bg-white p-4">
      <h2 id="captured-mail" className="font-semibold text-slate-900">
        Captured mail
      </h2>
      <p className="mt-1 text-sm text-slate-600">The mail exactly as it would have gone out.</p>
      <dl className="mt-3 grid gap-x-4 gap-y-1 text-sm sm:grid-cols-[max-content_minmax(0,1fr)]">
        {headers.map(([name, value]) =>
          value ? (
            <Field key={name} name={name}>
              <span className="break-all">{value}</span>
            </Field>
          ) : null,
        )}
      </dl>
      <h3 className="mt-4 text-sm font-semibold text-slate-900">Text</h3>
      <pre className="mt-1 whitespace-pre-wrap break-words rounded bg-slate-50 p-3 text-sm text-slate-900">{mail.text}</pre>
      <details className="mt-3 text-sm">
        <summary className="cursor-pointer text-slate-700">Raw message</summary>
        <pre tabIndex={0} aria-label="Raw message" className="mt-2 max-h-96 overflow-auto whitespace-pre rounded bg-slate-50 p-3 text-xs text-slate-900">
          {mail.raw}
        </pre>
      </details>
    </section>
  );
}
