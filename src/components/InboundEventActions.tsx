"use client";

import { useRouter } from "next/navigation";
import { useState } from "react";
import { api } from "~/trpc/react";
import { useHydrated } from "./use-hydrated";

/** "Assign to order" for an unmatched message, "Retry" for a failed event (admins). */
export function InboundEventActions({ eventId, status, kind }: { eventId: string; status: string; kind: string }) {
  const router = useRouter();
  const hydrated = useHydrated();
  const [orderNumber, setOrderNumber] = useState("");
  const assign = api.webhooks.assign.useMutation({ onSuccess: () => router.refresh() });
  const retry = api.webhooks.retry.useMutation({ onSuccess: () => router.refresh() });
  const error = assign.error ?? retry.error;

  return (
    <div className="flex flex-wrap items-center gap-2">
      {status === "unmatched" && kind === "message" && (
        <form
          className="flex items-center gap-2"
          onSubmit={(e) => {
            e.preventDefault();
            assign.mutate({ eventId, orderNumber });
          }}
        >
          <label className="text-sm">
            Order number{" "}
            <input
              value={orderNumber}
              onChange={(e) => setOrderNumber(e.target.value)}
              required
              placeholder="ORD-1001"
              className="w-32 rounded-md border border-slate-300 px-2 py-1 text-sm"
            />
          </label>
          <button
            type="submit"
            disabled={!hydrated || assign.isPending}
            className="rounded-md border border-slate-300 bg-white px-3 py-1 text-sm font-medium hover:bg-slate-100 disabled:opacity-50"
          >
            Assign to order
          </button>
        </form>
      )}
      {status === "failed" && (
        <button
          type="button"
          disabled={!hydrated || retry.isPending}
          onClick={() => retry.mutate({ eventId })}
          className="rounded-md border border-slate-300 bg-white px-3 py-1 text-sm font-medium hover:bg-slate-100 disabled:opacity-50"
        >
          Retry
        </button>
      )}
      {error && (
        <p role="alert" className="text-sm text-red-700">
          {error.message}
        </p>
      )}
    </div>
  );
}
