import { TRPCError } from "@trpc/server";
import Link from "next/link";
import { StatusBadge } from "~/components/StatusBadge";
import { Timestamp } from "~/components/Timestamp";
import { ZDeliveryStatus } from "~/server/api/routers/deliveries";
import { api } from "~/trpc/server";
import { requestedPath, surfaceActor } from "../../_lib/surface-gate";

type SearchParams = Promise<Record<string, string | string[] | undefined>>;

const first = (value: string | string[] | undefined) => (Array.isArray(value) ? value[0] : value);

/** The outbox for admins: a plain server-rendered table (the UI will be reworked later). */
export default async function DeliveriesPage({ searchParams }: { searchParams: SearchParams }) {
  const actor = await surfaceActor("admin", await requestedPath("admin"));
  if (!actor) return null;
  const params = await searchParams;
  const status = ZDeliveryStatus.safeParse(first(params.status)).data;
  const cursor = first(params.cursor) ?? null;
  // A cursor from an old or edited URL is a 400: say so; anything else is a real error.
  const page = await api.deliveries.list({ status, cursor }).catch((error: unknown) => {
    if (error instanceof TRPCError && error.code === "BAD_REQUEST") return null;
    throw error;
  });
  const filterHref = (value?: string) => (value ? `/admin/deliveries?status=${value}` : "/admin/deliveries");

  return (
    <>
      <h1 className="mb-4 text-2xl font-semibold">Deliveries</h1>
      <nav aria-label="Filter by status" className="mb-4 flex flex-wrap gap-2 text-sm">
        {[undefined, ...ZDeliveryStatus.options].map((value) => (
          <Link
            key={value ?? "all"}
            href={filterHref(value)}
            aria-current={value === status ? "page" : undefined}
            className={`rounded border px-2 py-1 ${value === status ? "bg-slate-900 text-white" : "bg-white"}`}
          >
            {value ?? "all"}
          </Link>
        ))}
      </nav>
      {!page ? (
        <p role="alert">That page of the list no longer exists. <Link href={filterHref(status)} className="underline">Start over</Link></p>
      ) : page.deliveries.length === 0 ? (
        <p>No deliveries{status ? ` with status ${status}` : ""}.</p>
      ) : (
        <table className="w-full text-left text-sm">
          <thead>
            <tr className="border-b">
              <th className="py-2 pr-2">Queued</th>
              <th className="pr-2">Order</th>
              <th className="pr-2">Channel and recipient</th>
              <th className="pr-2">Status</th>
              <th className="pr-2">Attempts</th>
              <th>Reason</th>
            </tr>
          </thead>
          <tbody>
            {page.deliveries.map((delivery) => (
              <tr key={delivery.id} className="border-b align-top">
                <td className="py-2 pr-2">
                  <Timestamp iso={delivery.createdAt} />
                </td>
                <td className="pr-2">
                  {delivery.threadId ? (
                    <Link href={`/admin/inbox/${delivery.threadId}`} className="underline">
                      {delivery.orderNumber}
                    </Link>
                  ) : (
                    "Notification digest"
                  )}
                  <p className="max-w-xs truncate text-slate-600">{delivery.preview}</p>
                </td>
                <td className="pr-2">
                  {delivery.channel}
                  {delivery.fallbackFrom ? ` (instead of ${delivery.fallbackFrom})` : ""}
                  <br />
                  <span className="text-slate-600">{delivery.recipient}</span>
                </td>
                <td className="pr-2">
                  <StatusBadge status={delivery.status} />
                </td>
                <td className="pr-2">{delivery.attempts}</td>
                <td>
                  {delivery.fallbackReason && <p>Fell back: {delivery.fallbackReason}</p>}
                  {delivery.lastError && <p>{delivery.lastError}</p>}
                  {delivery.hasCapturedMail && (
                    <Link href={`/admin/deliveries/${delivery.id}`} className="underline">
                      View captured mail
                    </Link>
                  )}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {page?.nextCursor && (
        <Link
          href={`/admin/deliveries?${new URLSearchParams({ ...(status ? { status } : {}), cursor: page.nextCursor }).toString()}`}
          className="mt-4 inline-block underline"
        >
          Older deliveries
        </Link>
      )}
    </>
  );
}
