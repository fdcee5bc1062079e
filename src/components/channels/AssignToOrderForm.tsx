"use client";

import Link from "next/link";
import { useRouter } from "next/navigation";
import { useId, useState, type FormEvent } from "react";
import { api } from "~/trpc/react";
import { useHydrated } from "../use-hydrated";

/** What is wrong with the typed order number before asking the server, or null. */
function orderNumberProblem(value: string): string | null {
  if (!value.trim()) return "Enter the order number this message is about, for example ORD-1001.";
  if (value.trim().length > 64) return "An order number is at most 64 characters.";
  return null;
}

/**
 * Assigns an unmatched message to an order: the order number, checked here for the obvious and by
 * the server for the rest (no such order), with the reason beside the field. On success the queue
 * drops the item and the pane links to the thread it joined.
 */
export function AssignToOrderForm({ eventId }: { eventId: string }) {
  const id = useId();
  const router = useRouter();
  const hydrated = useHydrated();
  const utils = api.useUtils();
  const [orderNumber, setOrderNumber] = useState("");
  const [problem, setProblem] = useState<string | null>(null);
  const assign = api.webhooks.assign.useMutation({
    onSuccess: async () => {
      await Promise.all([utils.webhooks.unmatched.invalidate(), utils.webhooks.events.invalidate()]);
      router.refresh();
    },
    onError: (error) => setProblem(error.data?.code === "NOT_FOUND" ? `There is no order ${orderNumber.trim()}. Check the number and try again.` : error.message),
  });

  function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const found = orderNumberProblem(orderNumber);
    setProblem(found);
    if (!found) assign.mutate({ eventId, orderNumber: orderNumber.trim() });
  }

  if (assign.data?.threadId) {
    return (
      <div role="status" className="rounded-lg border border-emerald-200 bg-emerald-50 p-4 text-sm text-emerald-900">
        <p className="font-medium">Assigned to {assign.data.orderNumber}. It has left the queue.</p>
        <Link href={`/admin/inbox/${assign.data.threadId}?message=${assign.data.messageId ?? ""}`} className="mt-1 inline-block font-medium text-brand underline">
          Open the thread
        </Link>
      </div>
    );
  }

  return (
    <form onSubmit={submit} noValidate aria-labelledby={`${id}-title`} className="rounded-lg border border-brand/30 bg-blue-50 p-4">
      <h2 id={`${id}-title`} className="font-semibold text-slate-900">
        Assign to order
      </h2>
      <p className="mt-1 text-sm text-slate-700">The message joins that order’s thread as sent, with its original time and channel.</p>
      <label htmlFor={`${id}-order`} className="mt-3 block text-sm font-medium text-slate-700">
        Order number
      </label>
      <div className="mt-1 flex flex-wrap gap-2">
        <input
          id={`${id}-order`}
          value={orderNumber}
          onChange={(e) => {
            setOrderNumber(e.target.value);
            setProblem(null);
          }}
          placeholder="ORD-1001"
          autoComplete="off"
          spellCheck={false}
          aria-invalid={problem ? true : undefined}
          aria-describedby={problem ? `${id}-problem` : undefined}
          className={`w-40 rounded-md border bg-white px-2 py-1.5 text-sm focus:outline-none focus:ring-2 focus:ring-brand/30 ${
            problem ? "border-red-600" : "border-slate-300 focus:border-brand"
          }`}
        />
        <button
          type="submit"
          disabled={!hydrated || assign.isPending}
          className="rounded-md bg-brand px-4 py-1.5 text-sm font-medium text-white hover:bg-brand-dark focus:outline-none focus-visible:ring-2 focus-visible:ring-brand focus-visible:ring-offset-2 disabled:opacity-60"
        >
          {assign.isPending ? "Assigning…" : "Assign to order"}
        </button>
      </div>
      {problem && (
        <p id={`${id}-problem`} role="alert" className="mt-2 text-sm text-red-800">
          {problem}
        </p>
      )}
    </form>
  );
}
