"use client";

import type { LiveStatus } from "./use-live-channels";

const labels: Record<LiveStatus["mode"], { text: string; dot: string }> = {
  live: { text: "Live", dot: "bg-emerald-500" },
  connecting: { text: "Connecting…", dot: "bg-amber-400" },
  polling: { text: "Offline: checking for updates every 5 s", dot: "bg-slate-400" },
};

/** The connection state, visible and announced politely when it changes. */
export function LiveStatusBadge({ status }: { status: LiveStatus }) {
  const { text, dot } = labels[status.mode];
  return (
    <p role="status" aria-label="Live updates" data-live-mode={status.mode} className="mb-3 flex items-center gap-2 text-xs text-slate-600">
      <span aria-hidden="true" className={`inline-block h-2 w-2 rounded-full ${dot}`} />
      {text}
    </p>
  );
}
