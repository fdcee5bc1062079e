const styles: Record<string, string> = {
  open: "bg-emerald-50 text-emerald-800 ring-emerald-200",
  closed: "bg-slate-100 text-slate-700 ring-slate-300",
};

/** A thread's open/closed state, or an order's status, as text (never colour alone). */
export function StatusBadge({ status, label }: { status: string; label?: string }) {
  return (
    <span
      className={`inline-block rounded-full px-2 py-0.5 text-xs font-medium ring-1 ring-inset ${styles[status] ?? "bg-amber-50 text-amber-800 ring-amber-200"}`}
    >
      {label ?? status}
    </span>
  );
}
