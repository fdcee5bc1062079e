import type { RouterOutputs } from "~/trpc/react";
import { ChannelIcon } from "./ChannelIcon";
import { LockIcon } from "./conversation/LockIcon";
import { ReadReceipts } from "./conversation/ReadReceipts";
import { RelativeTime } from "./conversation/RelativeTime";
import { RoleBadge } from "./RoleBadge";

/** A message of the thread view; staff and partners' receipts carry the reader's name. */
export type Message = RouterOutputs["messages"]["window"]["messages"][number];

function AttachmentList({ message }: { message: Message }) {
  if (message.attachments.length === 0) return null;
  return (
    <ul aria-label="Attachments" className="mt-2 flex flex-wrap gap-2 text-sm">
      {message.attachments.map((file) => (
        <li key={file.id} className="max-w-full">
          {file.contentType.startsWith("image/") && (
            <a href={file.url} download className="mb-1 block">
              {/* The download route serves the bytes it checked; an <img> ignores its "attachment" disposition. */}
              <img src={file.url} alt={file.fileName} className="max-h-40 max-w-full rounded border border-slate-200 object-contain" />
            </a>
          )}
          <a href={file.url} className="break-all text-brand underline" download>
            Download {file.fileName}
          </a>{" "}
          <span className="text-slate-600">({Math.max(1, Math.ceil(file.size / 1024))} KB)</span>
        </li>
      ))}
    </ul>
  );
}

/**
 * One message, chat style: mine on the right labelled "You", others on the left with name and role,
 * system events as a centred line, internal notes in amber with a lock and a label. Content is
 * rendered as text, exactly as sent: never parsed as HTML. Receipts: a customer sees them on their
 * own messages; staff and partners on every message, since they answer as one shop.
 */
export function MessageBubble({
  message,
  viewerId,
  viewerIsCustomer = false,
}: {
  message: Message;
  viewerId: string;
  viewerIsCustomer?: boolean;
}) {
  const mine = message.senderId === viewerId;
  if (message.messageType === "system_event") {
    return (
      <li className="flex justify-center" data-message-id={message.id}>
        <article aria-label="Event" className="max-w-prose px-3 py-1 text-center text-sm text-slate-700">
          <p className="whitespace-pre-wrap break-words italic">{message.content}</p>
          <RelativeTime iso={message.createdAt} className="text-xs text-slate-600" />
        </article>
      </li>
    );
  }
  const tone = message.isInternal
    ? "border-2 border-dashed border-internal bg-internal-bg"
    : mine
      ? "border border-blue-200 bg-blue-50"
      : "border border-slate-200 bg-white";
  const who = mine ? "You" : message.senderName;
  return (
    <li className={`flex ${mine ? "justify-end" : "justify-start"}`} data-message-id={message.id}>
      <article
        aria-label={`${message.isInternal ? "Internal note" : "Message"} from ${message.senderName}`}
        data-mine={mine}
        className={`w-fit max-w-[85%] rounded-2xl px-4 py-2.5 sm:max-w-[75%] ${mine ? "rounded-br-sm" : "rounded-bl-sm"} ${tone}`}
      >
        {/* One line in a narrow pane: the name gives way (whole on hover), the time never wraps off. */}
        <header className="flex items-center gap-x-2 text-sm">
          <span className="min-w-0 truncate font-medium text-slate-900" title={who}>
            {who}
          </span>
          {!mine && <RoleBadge role={message.senderRole} />}
          <ChannelIcon channel={message.channel} className="shrink-0" />
          <RelativeTime iso={message.createdAt} className="shrink-0 text-xs text-slate-600" />
        </header>
        {message.isInternal && (
          <p className="mt-1 inline-flex items-center gap-1 rounded bg-internal px-1.5 py-0.5 text-xs font-semibold text-white">
            <LockIcon /> Internal note · staff only
          </p>
        )}
        {message.content && <p className="mt-1 whitespace-pre-wrap break-words text-slate-900">{message.content}</p>}
        <AttachmentList message={message} />
        {(mine || !viewerIsCustomer) && <ReadReceipts message={message} mine={mine} viewerId={viewerId} viewerIsCustomer={viewerIsCustomer} />}
      </article>
    </li>
  );
}
