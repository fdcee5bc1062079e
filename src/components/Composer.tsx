"use client";

import { type FormEvent, useId, useState } from "react";
import { api } from "~/trpc/react";
import { useHydrated } from "./use-hydrated";

/** Writes a message on an order's thread; admins may mark it as an internal note. */
export function Composer({ orderNumber, allowInternalNote }: { orderNumber: string; allowInternalNote: boolean }) {
  const utils = api.useUtils();
  const hydrated = useHydrated();
  const [content, setContent] = useState("");
  const [internal, setInternal] = useState(false);
  const messageId = useId();
  const internalId = useId();
  const send = api.messages.send.useMutation({
    onSuccess: async () => {
      setContent("");
      setInternal(false);
      await Promise.all([utils.messages.list.invalidate({ orderNumber }), utils.threads.invalidate(), utils.orders.list.invalidate()]);
    },
  });

  function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    if (!content.trim() || send.isPending) return;
    send.mutate({ orderNumber, content, ...(allowInternalNote && internal ? { isInternal: true } : {}) });
  }

  return (
    <form onSubmit={submit} aria-label="Write a message" className="mt-6 rounded-lg border border-slate-200 bg-white p-4">
      <fieldset disabled={!hydrated}>
        <label htmlFor={messageId} className="block text-sm font-medium text-slate-700">
          Message
        </label>
        <textarea
          id={messageId}
          value={content}
          onChange={(e) => setContent(e.target.value)}
          rows={3}
          className={`mt-1 block w-full rounded-md border px-3 py-2 focus:outline-none focus:ring-2 ${internal ? "border-internal/40 bg-internal-bg focus:ring-internal/30" : "border-slate-300 focus:border-brand focus:ring-brand/30"}`}
        />
        {send.error && (
          <p role="alert" className="mt-2 rounded-md bg-red-50 px-3 py-2 text-sm text-red-800">
            Not sent: {send.error.message}
          </p>
        )}
        <div className="mt-3 flex items-center gap-4">
          {allowInternalNote && (
            <label htmlFor={internalId} className="flex items-center gap-2 text-sm text-slate-700">
              <input id={internalId} type="checkbox" checked={internal} onChange={(e) => setInternal(e.target.checked)} className="h-4 w-4" />
              Internal note <span className="text-slate-500">(only admins see it)</span>
            </label>
          )}
          <button
            type="submit"
            disabled={send.isPending || !content.trim()}
            className="ml-auto rounded-md bg-brand px-4 py-2 font-medium text-white hover:bg-brand-dark focus:outline-none focus-visible:ring-2 focus-visible:ring-brand focus-visible:ring-offset-2 disabled:opacity-50"
          >
            {send.isPending ? "Sending…" : "Send"}
          </button>
        </div>
      </fieldset>
    </form>
  );
}
