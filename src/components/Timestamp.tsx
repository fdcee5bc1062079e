"use client";

import { useEffect, useState } from "react";

const utc = new Intl.DateTimeFormat("en-GB", { dateStyle: "medium", timeStyle: "short", timeZone: "UTC" });
const local = new Intl.DateTimeFormat(undefined, { dateStyle: "medium", timeStyle: "short" });

/**
 * The server does not know the reader's time zone: it renders UTC, and the browser switches to
 * local time after hydration (rendering local time on both would mismatch).
 */
export function Timestamp({ iso }: { iso: string }) {
  const [text, setText] = useState(() => `${utc.format(new Date(iso))} UTC`);
  useEffect(() => setText(local.format(new Date(iso))), [iso]);
  return (
    <time dateTime={iso} className="whitespace-nowrap">
      {text}
    </time>
  );
}
