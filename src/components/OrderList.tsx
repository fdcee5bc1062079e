"use client";

import { api } from "~/trpc/react";
import { orderListInput } from "./query-inputs";
import { OrderListItem } from "./OrderListItem";
import { LoadMoreButton } from "./LoadMoreButton";

/** The customer's orders, newest first, each with its conversation (the access rules are the server's). */
export function OrderList() {
  const query = api.orders.list.useInfiniteQuery(orderListInput, { getNextPageParam: (page) => page.nextCursor });
  if (query.isPending) return <p className="text-slate-500">Loading orders…</p>;
  if (query.isError)
    return (
      <p role="alert" className="text-red-800">
        Could not load your orders: {query.error.message}
      </p>
    );
  const orders = query.data.pages.flatMap((page) => page.orders);
  if (orders.length === 0) return <p className="text-slate-600">You have no orders yet.</p>;
  return (
    <>
      <ul aria-label="Your orders" className="divide-y divide-slate-200 rounded-lg border border-slate-200 bg-white">
        {orders.map((order) => (
          <OrderListItem key={order.orderNumber} order={order} />
        ))}
      </ul>
      <LoadMoreButton query={query} />
    </>
  );
}
