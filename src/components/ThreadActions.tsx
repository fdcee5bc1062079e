"use client";

import { api, type RouterOutputs } from "~/trpc/react";
import { useHydrated } from "./use-hydrated";

/** Close or reopen an order's thread (admins). */
export function ThreadActions({ initial }: { initial: RouterOutputs["threads"]["get"] }) {
  const { id: threadId, orderNumber } = initial;
  const utils = api.useUtils();
  const thread = api.threads.get.useQuery({ threadId }, { initialData: initial });
  const onSuccess = () =>
    Promise.all([utils.threads.invalidate(), utils.messages.window.invalidate({ orderNumber })]);
  const close = api.threads.close.useMutation({ onSuccess });
  const reopen = api.threads.reopen.useMutation({ onSuccess });
  const status = thread.data?.status;
  const hydrated = useHydrated();
  const pending = !hydrated || close.isPending || reopen.isPending;
  const error = close.error ?? reopen.error;

  return (
    <div className="flex items-center gap-2">
      {status === "open" && (
        <button
          type="button"
          disabled={pending}
          onClick={() => close.mutate({ orderNumber })}
          className="rounded-md border border-slate-300 bg-white px-3 py-1.5 text-sm font-medium hover:bg-slate-100 disabled:opacity-50"
        >
          Close
        </button>
      )}
      {status === "closed" && (
        <button
          type="button"
          disabled={pending}
          onClick={() => reopen.mutate({ orderNumber })}
          className="rounded-md border border-slate-300 bg-white px-3 py-1.5 text-sm font-medium hover:bg-slate-100 disabled:opacity-50"
        >
          Reopen
        </button>
      )}
      {error && (
        <p role="alert" className="text-sm text-red-800">
          {error.message}
        </p>
      )}
    </div>
  );
}
