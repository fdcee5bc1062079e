import Link from "next/link";
import type { RouterOutputs } from "~/trpc/react";
import { ChannelIcon } from "./ChannelIcon";
import { RoleBadge } from "./RoleBadge";
import { cutAtWord } from "./search-snippet";
import { highlightSnippet } from "./snippet-highlight";
import { ThreadListTime } from "./ThreadListTime";

export type MessageSearchHit = RouterOutputs["search"]["messages"]["results"][number];

/**
 * One message found by the admin search, under its thread; it opens the thread at that message
 * (`?message=`), keeping the search in the URL so the results stay beside it. Internal notes look
 * as they do in the thread.
 */
export function MessageSearchResult({ hit, href, current }: { hit: MessageSearchHit; href: string; current: boolean }) {
  const { message, snippet } = hit;
  return (
    <li className={message.isInternal ? "border-l-4 border-internal bg-internal-bg" : undefined}>
      <Link
        href={href}
        data-inbox-row=""
        aria-current={current ? "location" : undefined}
        className={`block px-3 py-2 focus:outline-none focus-visible:ring-2 focus-visible:ring-inset focus-visible:ring-brand ${
          current ? "bg-blue-50" : "hover:bg-slate-50/60"
        }`}
      >
        <div className="flex flex-wrap items-center gap-x-2 gap-y-1 text-sm">
          {/* The group heading shows the order; a link read on its own must name it too. */}
          <span className="sr-only">{hit.thread.orderNumber}:</span>
          <span className="font-medium text-slate-700">{message.senderName}</span>
          <RoleBadge role={message.senderRole} />
          <ChannelIcon channel={message.channel} showLabel />
          {message.isInternal && (
            <span className="rounded bg-internal px-1.5 py-0.5 text-xs font-semibold text-white">Internal note</span>
          )}
          <span className="ml-auto text-xs text-slate-600">
            <ThreadListTime iso={message.createdAt} />
          </span>
        </div>
        <p className="mt-1 whitespace-pre-wrap break-words text-sm text-slate-700 [&_mark]:rounded-sm [&_mark]:bg-amber-200 [&_mark]:px-0.5 [&_mark]:text-slate-900">
          {highlightSnippet(cutAtWord(snippet))}
        </p>
      </Link>
    </li>
  );
}
