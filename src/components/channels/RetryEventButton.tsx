"use client";

import { useRouter } from "next/navigation";
import { api } from "~/trpc/react";
import { useHydrated } from "../use-hydrated";
import { inboundStatusLabels } from "./channel-view-filters";

/**
 * Runs an event's processing again: a failed one once its cause is fixed, an unmatched one to match
 * it afresh (its order may have gained the sender's phone since). Says what came of it.
 */
export function RetryEventButton({ eventId, label }: { eventId: string; label: string }) {
  const router = useRouter();
  const hydrated = useHydrated();
  const utils = api.useUtils();
  const retry = api.webhooks.retry.useMutation({
    onSuccess: async () => {
      await Promise.all([utils.webhooks.unmatched.invalidate(), utils.webhooks.events.invalidate()]);
      router.refresh();
    },
  });
  return (
    <div className="flex flex-wrap items-center gap-3">
      <button
        type="button"
        disabled={!hydrated || retry.isPending}
        onClick={() => retry.mutate({ eventId })}
        className="rounded-md border border-slate-300 bg-white px-3 py-1.5 text-sm font-medium hover:bg-slate-100 disabled:opacity-60"
      >
        {retry.isPending ? "Retrying…" : label}
      </button>
      <p role="status" className="text-sm text-slate-700">
        {retry.data &&
          (retry.data.status === "unmatched"
            ? "Still no order matches this sender: assign it by order number."
            : `Done: the event is now ${inboundStatusLabels[retry.data.status]}.`)}
      </p>
      {retry.error && (
        <p role="alert" className="text-sm text-red-800">
          {retry.error.message}
        </p>
      )}
    </div>
  );
}
