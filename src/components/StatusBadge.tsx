const done = "bg-emerald-50 text-emerald-800 ring-emerald-200";
const settled = "bg-slate-100 text-slate-700 ring-slate-300";
const failed = "bg-red-50 text-red-800 ring-red-200";

/** Tones by meaning: done, settled without effect, failed; anything else (waiting, in progress) is amber. */
const styles: Record<string, string> = {
  open: done,
  closed: settled,
  // Inbound events and deliveries.
  matched: done,
  sent: done,
  delivered: done,
  duplicate: settled,
  ignored: settled,
  cancelled: settled,
  failed,
};

/** A status (a thread's, an order's, an inbound event's, a delivery's) as text, never colour alone. */
export function StatusBadge({ status, label }: { status: string; label?: string }) {
  return (
    <span
      className={`inline-block rounded-full px-2 py-0.5 text-xs font-medium ring-1 ring-inset ${styles[status] ?? "bg-amber-50 text-amber-800 ring-amber-200"}`}
    >
      {label ?? status}
    </span>
  );
}
