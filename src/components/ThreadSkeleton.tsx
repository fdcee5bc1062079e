/** The shape of a conversation while it loads (loading.tsx): a header, a few bubbles, the composer. */
export function ThreadSkeleton({ label = "Loading the conversation…" }: { label?: string }) {
  return (
    <div role="status" aria-live="polite" aria-busy="true">
      <span className="sr-only">{label}</span>
      <div aria-hidden="true" className="animate-pulse space-y-3 motion-reduce:animate-none">
        <div className="h-4 w-24 rounded bg-slate-200" />
        <div className="h-8 w-56 rounded bg-slate-200" />
        {["w-2/3", "ml-auto w-1/2", "w-3/5", "ml-auto w-2/5"].map((width, index) => (
          <div key={index} className={`h-16 rounded-lg bg-white ring-1 ring-slate-200 ${width}`} />
        ))}
        <div className="h-24 rounded-lg bg-white ring-1 ring-slate-200" />
      </div>
    </div>
  );
}
