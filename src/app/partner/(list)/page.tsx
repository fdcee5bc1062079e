import { NoThreadOpen } from "~/components/NoThreadOpen";
import { surfaceActor } from "../../_lib/surface-gate";

/** The portal with no thread open: the layout holds the list. */
export default async function PartnerPage() {
  const actor = await surfaceActor("partner", "/partner");
  if (!actor) return null;
  return <NoThreadOpen shortcuts />;
}
