import type { Metadata } from "next";
import { redirect } from "next/navigation";
import { LoginForm } from "~/components/LoginForm";
import { DEMO_PASSWORD, demoUsers } from "~/server/db/seed";
import { getSessionActor } from "~/trpc/server";
import { afterSignInPath } from "~/navigation/landing";

export const metadata: Metadata = { title: "Sign in · Orderline" };

export default async function LoginPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const params = await searchParams;
  const callbackUrl = typeof params.callbackUrl === "string" ? params.callbackUrl : null;
  const actor = await getSessionActor();
  if (actor) redirect(afterSignInPath(actor.role, callbackUrl));

  // The demo accounts exist only where the seed ran; a production sign-in page never lists them.
  const demo =
    process.env.NODE_ENV !== "production"
      ? { password: DEMO_PASSWORD, users: demoUsers.map(({ email, name, role }) => ({ email, name, role })) }
      : null;

  return (
    <div className="mx-auto max-w-md px-4 py-12">
      <h1 className="text-2xl font-semibold text-slate-900">Sign in to Orderline</h1>
      <LoginForm callbackUrl={callbackUrl} demo={demo} />
    </div>
  );
}
