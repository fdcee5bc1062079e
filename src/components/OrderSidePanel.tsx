import Link from "next/link";
import type { RouterOutputs } from "~/trpc/react";
import { StatusBadge } from "./StatusBadge";

type ThreadDetails = RouterOutputs["threads"]["get"];
type CustomerOrders = RouterOutputs["threads"]["customerOrders"];

const day = new Intl.DateTimeFormat("en-GB", { dateStyle: "medium", timeZone: "UTC" });

function Fact({ term, children }: { term: string; children: React.ReactNode }) {
  return (
    <div>
      <dt className="text-xs font-medium uppercase tracking-wide text-slate-600">{term}</dt>
      <dd className="break-words text-sm text-slate-900">{children}</dd>
    </div>
  );
}

/**
 * The order beside its conversation: who ordered, how to reach them (admins only: the server sends
 * contact details to nobody else), the store, who fulfils it, its status, and (admins) the same
 * customer's other orders, each a link to its conversation.
 */
export function OrderSidePanel({ thread, otherOrders }: { thread: ThreadDetails; otherOrders: CustomerOrders | null }) {
  return (
    <aside aria-label="Order details" className="rounded-lg border border-slate-200 bg-white p-4">
      <h2 className="text-base font-semibold text-slate-900">Order details</h2>
      <dl className="mt-3 grid grid-cols-2 gap-3 xl:grid-cols-1">
        <Fact term="Order status">
          <StatusBadge status={thread.orderStatus} />
        </Fact>
        <Fact term="Customer">{thread.customerName}</Fact>
        {thread.customerEmail && (
          <Fact term="Email">
            <a href={`mailto:${thread.customerEmail}`} className="text-brand underline">
              {thread.customerEmail}
            </a>
          </Fact>
        )}
        {thread.customerPhone && (
          <Fact term="Phone">
            <a href={`tel:${thread.customerPhone.replaceAll(/[^\d+]/g, "")}`} className="text-brand underline">
              {thread.customerPhone}
            </a>
          </Fact>
        )}
        <Fact term="Store">{thread.storeId}</Fact>
        {"suppliers" in thread && (
          <Fact term="Fulfilment">{thread.suppliers.length > 0 ? thread.suppliers.map((s) => s.name).join(", ") : "Not assigned"}</Fact>
        )}
      </dl>
      {otherOrders && (
        <>
          <h3 className="mt-4 text-sm font-semibold text-slate-900">Other orders of this customer</h3>
          {otherOrders.length === 0 ? (
            <p className="mt-1 text-sm text-slate-600">None.</p>
          ) : (
            <ul className="mt-1 space-y-1 text-sm">
              {otherOrders.map((order) => (
                <li key={order.orderNumber} className="flex flex-wrap items-center gap-2">
                  {order.threadId ? (
                    <Link href={`/admin/inbox/${order.threadId}`} className="font-medium text-brand underline">
                      {order.orderNumber}
                    </Link>
                  ) : (
                    <span className="font-medium text-slate-900">
                      {order.orderNumber} <span className="font-normal text-slate-600">(no conversation)</span>
                    </span>
                  )}
                  <StatusBadge status={order.status} />
                  <span className="text-xs text-slate-600">{day.format(new Date(order.createdAt))}</span>
                </li>
              ))}
            </ul>
          )}
        </>
      )}
    </aside>
  );
}
