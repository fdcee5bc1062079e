import { DeliveryDetail } from "~/components/channels/DeliveryDetail";
import { api } from "~/trpc/server";
import { orNotFound } from "../../../_lib/or-not-found";
import { surfaceActor } from "../../../_lib/surface-gate";

export default async function DeliveryPage({ params }: { params: Promise<{ deliveryId: string }> }) {
  const { deliveryId } = await params;
  const actor = await surfaceActor("admin", `/admin/deliveries/${encodeURIComponent(deliveryId)}`);
  if (!actor) return null;
  const delivery = await orNotFound(api.deliveries.get({ deliveryId }));
  const mail = delivery.hasCapturedMail ? await api.deliveries.capturedMail({ deliveryId }) : null;
  return <DeliveryDetail delivery={delivery} mail={mail} />;
}
