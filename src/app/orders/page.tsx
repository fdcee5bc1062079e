import { surfaceActor } from "../_lib/surface-gate";

export default async function OrdersPage() {
  const actor = await surfaceActor("customer", "/orders");
  if (!actor) return null;
  return <h1 className="text-2xl font-semibold">Your orders</h1>;
}
