import { NoThreadOpen } from "~/components/NoThreadOpen";
import { surfaceActor, requestedPath } from "../../../_lib/surface-gate";

/** The inbox with no thread open: the layout holds the filters and the list. */
export default async function InboxPage() {
  // The proxy's path keeps the query string, so a shared search survives signing in.
  const actor = await surfaceActor("admin", await requestedPath("admin"));
  if (!actor) return null;
  return <NoThreadOpen shortcuts />;
}
