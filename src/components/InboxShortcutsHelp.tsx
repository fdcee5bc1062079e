"use client";

import type { Ref } from "react";
import { type InboxAbilities, type ListItemNoun, shortcutHelp } from "./inbox-shortcuts";

/** The `?` overlay: a modal dialog (Escape closes it and focus returns where it was). */
export function InboxShortcutsHelp({ ref, can, item }: { ref: Ref<HTMLDialogElement>; can: InboxAbilities; item: ListItemNoun }) {
  return (
    <dialog
      ref={ref}
      aria-labelledby="inbox-shortcuts-title"
      className="m-auto w-[min(28rem,calc(100vw-2rem))] rounded-lg border border-slate-200 bg-white p-5 text-slate-900 shadow-xl backdrop:bg-slate-900/40"
    >
      <h2 id="inbox-shortcuts-title" className="text-lg font-semibold">
        Keyboard shortcuts
      </h2>
      <p className="mt-1 text-sm text-slate-600">They work whenever you are not typing in a field.</p>
      <dl className="mt-4 grid grid-cols-[auto_1fr] gap-x-4 gap-y-2 text-sm">
        {shortcutHelp(can, item).map((s) => (
          <div key={s.key} className="contents">
            <dt>
              <kbd className="rounded border border-slate-300 bg-slate-50 px-1.5 py-0.5 font-mono">{s.key}</kbd>
            </dt>
            <dd>{s.what}</dd>
          </div>
        ))}
      </dl>
      <form method="dialog" className="mt-5 text-right">
        <button type="submit" className="rounded-md bg-brand px-4 py-2 text-sm font-medium text-white hover:bg-brand-dark focus:outline-none focus-visible:ring-2 focus-visible:ring-brand focus-visible:ring-offset-2">
          Done
        </button>
      </form>
    </dialog>
  );
}
