"use client";

import { LockIcon } from "./LockIcon";
import type { Outgoing } from "./use-outbox";

/** My message before the server has it: "Sending…", or a clear failure with Retry. */
export function OutgoingBubble({ item, onRetry, onDiscard }: { item: Outgoing; onRetry: () => void; onDiscard: () => void }) {
  const failed = item.state === "failed";
  const tone = failed
    ? "border-2 border-red-600 bg-red-50"
    : item.isInternal
      ? "border-2 border-dashed border-internal bg-internal-bg"
      : "border border-blue-200 bg-blue-50";
  return (
    <li className="flex justify-end">
      <article
        aria-label={failed ? "Message not sent" : "Message sending"}
        aria-busy={!failed}
        className={`w-fit max-w-[85%] rounded-2xl rounded-br-sm px-4 py-2.5 sm:max-w-[75%] ${tone}`}
      >
        <header className="flex flex-wrap items-center gap-2 text-sm">
          <span className="font-medium text-slate-900">You</span>
          {item.isInternal && (
            <span className="inline-flex items-center gap-1 rounded bg-internal px-1.5 py-0.5 text-xs font-semibold text-white">
              <LockIcon /> Internal note · staff only
            </span>
          )}
        </header>
        {item.content && <p className="mt-1 whitespace-pre-wrap break-words text-slate-900">{item.content}</p>}
        {item.attachments.length > 0 && (
          <ul aria-label="Attachments" className="mt-1 text-sm text-slate-700">
            {item.attachments.map((a) => (
              <li key={a.id}>{a.fileName}</li>
            ))}
          </ul>
        )}
        {failed ? (
          <div role="alert" className="mt-2 text-sm text-red-800">
            <p>Not sent: {item.error}</p>
            <div className="mt-1 flex gap-2">
              <button type="button" onClick={onRetry} className="rounded-md bg-red-700 px-3 py-1 font-medium text-white hover:bg-red-800 focus:outline-none focus-visible:ring-2 focus-visible:ring-red-700 focus-visible:ring-offset-2">
                Retry
              </button>
              <button type="button" onClick={onDiscard} className="rounded-md border border-red-300 bg-white px-3 py-1 font-medium text-red-800 hover:bg-red-100 focus:outline-none focus-visible:ring-2 focus-visible:ring-red-700">
                Discard
              </button>
            </div>
          </div>
        ) : (
          <p className="mt-1 text-xs text-slate-600">Sending…</p>
        )}
      </article>
    </li>
  );
}
