import type { RouterOutputs } from "~/trpc/react";
import { channelLabel } from "./channel-label";
import { RoleBadge } from "./RoleBadge";
import { Timestamp } from "./Timestamp";

export type Message = RouterOutputs["messages"]["list"]["messages"][number];

/** One message. Content is rendered as text, exactly as sent: never parsed as HTML. */
export function MessageBubble({ message, mine }: { message: Message; mine: boolean }) {
  const system = message.messageType === "system_event";
  const tone = message.isInternal
    ? "border-internal/30 bg-internal-bg"
    : system
      ? "border-slate-200 bg-slate-100"
      : mine
        ? "border-blue-200 bg-blue-50"
        : "border-slate-200 bg-white";
  return (
    <li>
      <article aria-label={`${message.isInternal ? "Internal note" : "Message"} from ${message.senderName}`} className={`rounded-lg border px-4 py-3 ${tone}`}>
        <header className="flex flex-wrap items-center gap-2 text-sm">
          <span className="font-medium text-slate-900">{message.senderName}</span>
          <RoleBadge role={message.senderRole} />
          <span className="text-slate-600">· {channelLabel[message.channel] ?? message.channel}</span>
          {message.isInternal && (
            <span className="rounded bg-internal px-1.5 py-0.5 text-xs font-semibold text-white">Internal note</span>
          )}
          <span className="ml-auto text-xs text-slate-600">
            <Timestamp iso={message.createdAt} />
          </span>
        </header>
        <p className={`mt-2 whitespace-pre-wrap break-words ${system ? "italic text-slate-700" : "text-slate-900"}`}>{message.content}</p>
        {message.attachments.length > 0 && (
          <ul aria-label="Attachments" className="mt-2 flex flex-wrap gap-2 text-sm">
            {message.attachments.map((file) => (
              <li key={file.id}>
                <a href={file.url} className="text-brand underline" download>
                  {file.fileName}
                </a>{" "}
                <span className="text-slate-600">({Math.ceil(file.size / 1024)} KB)</span>
              </li>
            ))}
          </ul>
        )}
      </article>
    </li>
  );
}
