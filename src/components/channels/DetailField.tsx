import type { ReactNode } from "react";

/** One name/value row of a detail pane's `<dl>`: stacked on a phone, two columns from `sm` up. */
export function DetailField({ name, children }: { name: string; children: ReactNode }) {
  return (
    <div className="sm:contents">
      <dt className="font-medium text-slate-700">{name}</dt>
      <dd className="mb-2 min-w-0 break-words text-slate-900 sm:mb-0">{children}</dd>
    </div>
  );
}
