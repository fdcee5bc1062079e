import { NoThreadOpen } from "~/components/NoThreadOpen";
import { requestedPath, surfaceActor } from "../../_lib/surface-gate";

/** The outbox with no delivery open: the layout holds the filters and the list. */
export default async function DeliveriesPage() {
  const actor = await surfaceActor("admin", await requestedPath("admin"));
  if (!actor) return null;
  return <NoThreadOpen shortcuts prompt="Choose a delivery to see its attempts, errors and, in development, the captured mail." />;
}
