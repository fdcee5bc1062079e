import { surfaceActor } from "../_lib/surface-gate";

export default async function PartnerPage() {
  const actor = await surfaceActor("partner", "/partner");
  if (!actor) return null;
  return <h1 className="text-2xl font-semibold">Partner threads</h1>;
}
