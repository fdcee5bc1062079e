"use client";

import { useEffect, useState } from "react";

const utc = new Intl.DateTimeFormat("en-GB", { dateStyle: "medium", timeStyle: "short", timeZone: "UTC" });
const exact = new Intl.DateTimeFormat(undefined, { dateStyle: "full", timeStyle: "medium" });
const shortDate = new Intl.DateTimeFormat(undefined, { day: "numeric", month: "short" });

/** "just now", "2 min ago", "3 h ago", then the date: how far back a message is, at a glance. */
export function relativeText(then: Date, now: Date): string {
  const seconds = Math.round((now.getTime() - then.getTime()) / 1000);
  if (seconds < 45) return "just now";
  const minutes = Math.round(seconds / 60);
  if (minutes < 60) return `${minutes} min ago`;
  const hours = Math.round(minutes / 60);
  if (hours < 24) return `${hours} h ago`;
  const days = Math.round(hours / 24);
  if (days < 7) return days === 1 ? "yesterday" : `${days} days ago`;
  return shortDate.format(then);
}

/**
 * A relative time in `<time dateTime>`, the exact local time on hover. The server does not know the
 * reader's clock or zone, so it renders the UTC time; the browser switches after hydration (the same
 * text on both sides, no mismatch) and refreshes it every half minute.
 */
export function RelativeTime({ iso, className = "" }: { iso: string; className?: string }) {
  const date = new Date(iso);
  const [text, setText] = useState(() => `${utc.format(date)} UTC`);
  const [title, setTitle] = useState(() => `${utc.format(date)} UTC`);
  useEffect(() => {
    const then = new Date(iso);
    setTitle(exact.format(then));
    const tick = () => setText(relativeText(then, new Date()));
    tick();
    const timer = setInterval(tick, 30_000);
    return () => clearInterval(timer);
  }, [iso]);
  return (
    <time dateTime={iso} title={title} className={`whitespace-nowrap ${className}`}>
      {text}
    </time>
  );
}
