import type { ReactNode } from "react";
import type { RouterOutputs } from "~/trpc/react";
import { StatusBadge } from "./StatusBadge";

type ThreadDetails = RouterOutputs["threads"]["get"];

/**
 * The order facts above a thread; contact details (admins) and the fulfilling suppliers (partners
 * and admins) appear only when the server sent them.
 */
export function ThreadHeader({ thread, actions }: { thread: ThreadDetails; actions?: ReactNode }) {
  return (
    <div className="mb-6 rounded-lg border border-slate-200 bg-white p-4">
      <div className="flex flex-wrap items-center gap-3">
        <h1 className="text-2xl font-semibold text-slate-900">Order {thread.orderNumber}</h1>
        <StatusBadge status={thread.status} />
        <StatusBadge status={thread.orderStatus} label={`order ${thread.orderStatus}`} />
        {actions && <div className="ml-auto">{actions}</div>}
      </div>
      <dl className="mt-3 grid grid-cols-1 gap-x-6 gap-y-1 text-sm sm:grid-cols-2">
        <div className="flex gap-2">
          <dt className="text-slate-500">Customer</dt>
          <dd className="text-slate-900">{thread.customerName}</dd>
        </div>
        <div className="flex gap-2">
          <dt className="text-slate-500">Store</dt>
          <dd className="text-slate-900">{thread.storeId}</dd>
        </div>
        {thread.customerEmail && (
          <div className="flex gap-2">
            <dt className="text-slate-500">Email</dt>
            <dd className="text-slate-900">{thread.customerEmail}</dd>
          </div>
        )}
        {thread.customerPhone && (
          <div className="flex gap-2">
            <dt className="text-slate-500">Phone</dt>
            <dd className="text-slate-900">{thread.customerPhone}</dd>
          </div>
        )}
        {"suppliers" in thread && thread.suppliers.length > 0 && (
          <div className="flex gap-2">
            <dt className="text-slate-500">Fulfilled by</dt>
            <dd className="text-slate-900">{thread.suppliers.map((s) => s.name).join(", ")}</dd>
          </div>
        )}
      </dl>
    </div>
  );
}
