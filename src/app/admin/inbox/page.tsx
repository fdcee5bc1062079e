import { surfaceActor } from "../../_lib/surface-gate";

export default async function InboxPage() {
  const actor = await surfaceActor("admin", "/admin/inbox");
  if (!actor) return null;
  return <h1 className="text-2xl font-semibold">Inbox</h1>;
}
