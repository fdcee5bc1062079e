"use client";

import { useId, useRef, useState } from "react";

/** The secret of a token just created: the server keeps only its hash, so this is the one chance to copy it. */
export function NewApiTokenSecret({ name, token }: { name: string; token: string }) {
  const fieldId = useId();
  const field = useRef<HTMLInputElement>(null);
  const [copyState, setCopyState] = useState<"idle" | "copied" | "failed">("idle");

  async function copy() {
    try {
      await navigator.clipboard.writeText(token);
      setCopyState("copied");
    } catch {
      // No clipboard (an insecure origin, a refused permission): select it so the user can copy by hand.
      field.current?.select();
      setCopyState("failed");
    }
  }

  return (
    <section aria-labelledby={`${fieldId}-title`} className="rounded-lg border border-amber-300 bg-amber-50 p-4">
      <h2 id={`${fieldId}-title`} className="font-semibold text-slate-900">
        Token “{name}” created
      </h2>
      <label htmlFor={fieldId} className="mt-2 block text-sm font-medium text-slate-700">
        New token secret
      </label>
      <div className="mt-1 flex flex-col gap-3 sm:flex-row">
        <input
          id={fieldId}
          ref={field}
          type="text"
          readOnly
          value={token}
          onFocus={(e) => e.currentTarget.select()}
          aria-describedby={`${fieldId}-note`}
          spellCheck={false}
          autoComplete="off"
          className="block w-full min-w-0 flex-1 rounded-md border border-slate-300 bg-white px-3 py-2 font-mono text-sm"
        />
        <button
          type="button"
          onClick={() => void copy()}
          className="whitespace-nowrap rounded-md border border-slate-300 bg-white px-4 py-2 font-medium text-slate-700 hover:bg-slate-100 focus:outline-none focus-visible:ring-2 focus-visible:ring-brand"
        >
          Copy
        </button>
      </div>
      <p id={`${fieldId}-note`} className="mt-2 text-sm text-amber-900">
        Copy it now: it will not be shown again.
      </p>
      <p aria-live="polite" className="mt-1 text-sm text-slate-700">
        {copyState === "copied" && "Copied to the clipboard."}
        {copyState === "failed" && "Could not copy automatically; the secret is selected, copy it by hand."}
      </p>
    </section>
  );
}
