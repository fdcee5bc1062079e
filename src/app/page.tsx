import { redirect } from "next/navigation";
import { getSessionActor } from "~/trpc/server";
import { landingFor } from "~/navigation/landing";

export default async function Home() {
  const actor = await getSessionActor();
  redirect(actor ? landingFor(actor.role) : "/login");
}
