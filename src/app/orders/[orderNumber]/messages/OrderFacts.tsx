import { StatusBadge } from "~/components/StatusBadge";
import { Timestamp } from "~/components/Timestamp";
import type { RouterOutputs } from "~/trpc/react";

/** The order beside its conversation: number, status and date (never who fulfils it). */
export function OrderFacts({ order }: { order: RouterOutputs["orders"]["get"] }) {
  return (
    <aside aria-label="Order" className="rounded-lg border border-slate-200 bg-white p-4 lg:sticky lg:top-4">
      <h2 className="text-lg font-semibold text-slate-900">Order {order.orderNumber}</h2>
      <dl className="mt-3 space-y-2 text-sm">
        <div className="flex gap-2">
          <dt className="text-slate-600">Status</dt>
          <dd>
            <StatusBadge status={order.orderStatus} />
          </dd>
        </div>
        <div className="flex gap-2">
          <dt className="text-slate-600">Placed</dt>
          <dd className="text-slate-900">
            <Timestamp iso={order.placedAt} />
          </dd>
        </div>
        <div className="flex gap-2">
          <dt className="text-slate-600">Conversation</dt>
          <dd>{order.conversation ? <StatusBadge status={order.conversation.status} /> : <span className="text-slate-800">not started</span>}</dd>
        </div>
      </dl>
    </aside>
  );
}
