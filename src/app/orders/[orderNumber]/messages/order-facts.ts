import "server-only";
import type { RouterOutputs } from "~/trpc/react";
import { api } from "~/trpc/server";

const PAGES_AT_MOST = 5;

/**
 * The customer's own order, from `orders.list` (the only procedure that gives a customer the order's
 * date; it never names partners). A customer's orders are few: the order is on the first page of
 * 100 in practice, and the walk stops after five pages either way, leaving the facts out.
 */
export async function findOwnOrder(orderNumber: string) {
  let cursor: string | null = null;
  for (let i = 0; i < PAGES_AT_MOST; i += 1) {
    const page: RouterOutputs["orders"]["list"] = await api.orders.list({ limit: 100, cursor });
    const found = page.orders.find((o) => o.orderNumber === orderNumber);
    if (found) return found;
    if (!page.nextCursor) return null;
    cursor = page.nextCursor;
  }
  return null;
}
