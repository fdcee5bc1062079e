import { NoThreadOpen } from "~/components/NoThreadOpen";
import { requestedPath, surfaceActor } from "../../../_lib/surface-gate";

/** The log with no event open: the layout holds the filters and the list. */
export default async function InboundEventsPage() {
  const actor = await surfaceActor("admin", await requestedPath("admin"));
  if (!actor) return null;
  return <NoThreadOpen shortcuts prompt="Choose an event to see its payload, how it was verified and what became of it." />;
}
