const styles: Record<string, string> = {
  admin: "bg-indigo-100 text-indigo-800",
  customer: "bg-emerald-100 text-emerald-800",
  supplier: "bg-sky-100 text-sky-800",
  reseller: "bg-violet-100 text-violet-800",
  system: "bg-slate-200 text-slate-700",
};

/** The role of a user or of a message's sender, as a small label. */
export function RoleBadge({ role }: { role: string }) {
  return (
    <span className={`inline-block rounded px-1.5 py-0.5 text-xs font-medium ${styles[role] ?? styles.system}`}>{role}</span>
  );
}
