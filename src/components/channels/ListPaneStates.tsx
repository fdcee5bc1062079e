import type { ReactNode } from "react";

/** What a channel view's list says before its first page arrives. */
export function ListLoading({ what }: { what: string }) {
  return (
    <p role="status" className="text-slate-600">
      Loading {what}…
    </p>
  );
}

/** A first page that failed: the reason and a way to try again. */
export function ListError({ what, message, retry }: { what: string; message: string; retry: () => void }) {
  return (
    <div role="alert" className="rounded-lg border border-red-200 bg-red-50 p-4 text-sm text-red-800">
      <p>
        Could not load {what}: {message}
      </p>
      <button type="button" onClick={retry} className="mt-2 rounded-md border border-red-300 bg-white px-3 py-1 font-medium hover:bg-red-100">
        Try again
      </button>
    </div>
  );
}

/** An empty list, saying why it is empty and what to do next. */
export function ListEmpty({ title, children }: { title: string; children: ReactNode }) {
  return (
    <div className="rounded-lg border border-dashed border-slate-300 bg-white p-6 text-sm text-slate-700">
      <p className="font-medium text-slate-900">{title}</p>
      <div className="mt-1 space-y-2">{children}</div>
    </div>
  );
}
