/**
 * The shape of a list page while its data loads (loading.tsx): a heading bar and a few rows, so
 * the page does not jump when the list arrives. Screen readers hear the label once, politely.
 */
export function ListSkeleton({ label, rows = 5 }: { label: string; rows?: number }) {
  return (
    <div role="status" aria-live="polite" aria-busy="true">
      <span className="sr-only">{label}</span>
      <div aria-hidden="true" className="animate-pulse motion-reduce:animate-none">
        <div className="mb-4 h-8 w-48 rounded bg-slate-200" />
        <ul className="divide-y divide-slate-200 rounded-lg border border-slate-200 bg-white">
          {Array.from({ length: rows }, (_, row) => (
            <li key={row} className="px-4 py-3">
              <div className="flex items-center gap-2">
                <div className="h-4 w-20 rounded bg-slate-200" />
                <div className="h-4 w-14 rounded-full bg-slate-100" />
                <div className="ml-auto h-3 w-24 rounded bg-slate-100" />
              </div>
              <div className="mt-2 h-3 w-3/4 rounded bg-slate-100" />
            </li>
          ))}
        </ul>
      </div>
    </div>
  );
}
