import { threadListInput } from "~/components/query-inputs";
import { ThreadList } from "~/components/ThreadList";
import { api, HydrateClient } from "~/trpc/server";
import { surfaceActor } from "../_lib/surface-gate";

export default async function OrdersPage() {
  const actor = await surfaceActor("customer", "/orders");
  if (!actor) return null;
  void api.threads.list.prefetchInfinite(threadListInput);
  return (
    <HydrateClient>
      <h1 className="mb-4 text-2xl font-semibold">Your orders</h1>
      <ThreadList linkStyle="customer" label="Your orders' conversations" />
    </HydrateClient>
  );
}
