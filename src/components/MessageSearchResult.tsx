import Link from "next/link";
import type { RouterOutputs } from "~/trpc/react";
import { channelLabel } from "./channel-label";
import { RoleBadge } from "./RoleBadge";
import { highlightSnippet } from "./snippet-highlight";
import { StatusBadge } from "./StatusBadge";
import { Timestamp } from "./Timestamp";

export type MessageSearchHit = RouterOutputs["search"]["messages"]["results"][number];

/** One message found by the admin search, linking to its thread; internal notes look as they do in the thread. */
export function MessageSearchResult({ hit }: { hit: MessageSearchHit }) {
  const { message, thread, snippet } = hit;
  return (
    <li className={message.isInternal ? "border-l-4 border-internal bg-internal-bg" : undefined}>
      <Link
        href={`/admin/inbox/${thread.id}`}
        className="block px-4 py-3 hover:bg-slate-50/60 focus:outline-none focus-visible:bg-slate-100"
      >
        <div className="flex flex-wrap items-center gap-2">
          <span className="font-semibold text-slate-900">{thread.orderNumber}</span>
          <StatusBadge status={thread.status} />
          {message.isInternal && (
            <span className="rounded bg-internal px-1.5 py-0.5 text-xs font-semibold text-white">Internal note</span>
          )}
          <span className="ml-auto text-xs text-slate-600">
            <Timestamp iso={message.createdAt} />
          </span>
        </div>
        <div className="mt-1 flex flex-wrap items-center gap-x-2 gap-y-1 text-sm">
          <span className="font-medium text-slate-700">{message.senderName}</span>
          <RoleBadge role={message.senderRole} />
          <span className="text-slate-600">· {channelLabel[message.channel] ?? message.channel}</span>
        </div>
        <p className="mt-1 whitespace-pre-wrap break-words text-sm text-slate-700 [&_mark]:rounded-sm [&_mark]:bg-amber-200 [&_mark]:px-0.5 [&_mark]:text-slate-900">
          {highlightSnippet(snippet)}
        </p>
      </Link>
    </li>
  );
}
