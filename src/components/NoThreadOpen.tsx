/** The thread pane before a thread (or an item of a channel view) is chosen (on wide screens; narrow ones show only the list). */
export function NoThreadOpen({ shortcuts, prompt = "Choose a conversation from the list to read it here." }: { shortcuts: boolean; prompt?: string }) {
  return (
    <div className="flex h-full min-h-48 items-center justify-center rounded-lg border border-dashed border-slate-300 bg-white p-6 text-center text-slate-600">
      <p>
        {prompt}
        {shortcuts && (
          <>
            <br />
            Press <kbd className="rounded border border-slate-300 px-1">?</kbd> for keyboard shortcuts.
          </>
        )}
      </p>
    </div>
  );
}
