// Formatters are costly to build and a thread renders one separator check per message: one each per zone.
const keyFormats = new Map<string, Intl.DateTimeFormat>();
const labelFormats = new Map<string, Intl.DateTimeFormat>();

function cached(cache: Map<string, Intl.DateTimeFormat>, timeZone: string | undefined, options: Intl.DateTimeFormatOptions) {
  const key = timeZone ?? "";
  let format = cache.get(key);
  if (!format) {
    format = new Intl.DateTimeFormat(cache === keyFormats ? "en-CA" : "en-GB", { ...options, timeZone });
    cache.set(key, format);
  }
  return format;
}

/** The calendar day of an instant in a time zone (undefined: the reader's), as a sortable key. */
export function dayKey(iso: string, timeZone?: string): string {
  return cached(keyFormats, timeZone, { year: "numeric", month: "2-digit", day: "2-digit" }).format(new Date(iso));
}

/** "Today", "Yesterday", else the date: the text of a day separator. */
export function dayLabel(iso: string, now: Date, timeZone?: string): string {
  const key = dayKey(iso, timeZone);
  if (key === dayKey(now.toISOString(), timeZone)) return "Today";
  if (key === dayKey(new Date(now.getTime() - 86_400_000).toISOString(), timeZone)) return "Yesterday";
  return cached(labelFormats, timeZone, { weekday: "long", day: "numeric", month: "long", year: "numeric" }).format(new Date(iso));
}
