import { NoThreadOpen } from "~/components/NoThreadOpen";
import { requestedPath, surfaceActor } from "../../../_lib/surface-gate";

/** The queue with no message open: the layout holds the list. */
export default async function UnmatchedQueuePage() {
  const actor = await surfaceActor("admin", await requestedPath("admin"));
  if (!actor) return null;
  return <NoThreadOpen shortcuts prompt="Choose a message to assign it to its order." />;
}
