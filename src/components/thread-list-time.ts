/**
 * How long ago, in the fewest words a list row can hold ("now", "5 min", "3 h", "2 d", then the
 * date). Pure, so the unit test pins the boundaries; the row shows the exact time on hover.
 */
export function relativeAge(iso: string, now: number): string {
  const seconds = Math.max(0, Math.round((now - Date.parse(iso)) / 1000));
  if (seconds < 60) return "now";
  const minutes = Math.floor(seconds / 60);
  if (minutes < 60) return `${minutes} min`;
  const hours = Math.floor(minutes / 60);
  if (hours < 24) return `${hours} h`;
  const days = Math.floor(hours / 24);
  if (days < 7) return `${days} d`;
  return new Date(iso).toLocaleDateString("en-GB", { day: "numeric", month: "short", year: "numeric", timeZone: "UTC" });
}

/**
 * When the customer began waiting, for a row that shows it: the list computes it from the whole
 * conversation (an internal note or a system event written after the customer's message does not
 * answer it), and a closed thread owes no reply.
 */
export function waitingSince(thread: { status: "open" | "closed"; customerWaitingSince: string | null }): string | null {
  return thread.status === "open" ? thread.customerWaitingSince : null;
}
