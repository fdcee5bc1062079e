"use client";

import { useEffect, useState } from "react";
import { relativeAge } from "./thread-list-time";

const exact = new Intl.DateTimeFormat("en-GB", { dateStyle: "medium", timeStyle: "short", timeZone: "UTC" });

/**
 * A list row's age ("5 min"), exact time on hover and in `<time>`. The server renders the age at
 * its own clock and the browser recomputes it each minute after hydration, from the same instant.
 */
export function ThreadListTime({ iso, prefix = "" }: { iso: string; prefix?: string }) {
  const [now, setNow] = useState<number | null>(null);
  useEffect(() => {
    setNow(Date.now());
    const timer = setInterval(() => setNow(Date.now()), 60_000);
    return () => clearInterval(timer);
  }, []);
  const title = `${exact.format(new Date(iso))} UTC`;
  return (
    <time dateTime={iso} title={title} className="whitespace-nowrap" suppressHydrationWarning>
      {prefix}
      {now === null ? title : relativeAge(iso, now)}
    </time>
  );
}
