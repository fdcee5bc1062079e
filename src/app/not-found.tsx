import type { Metadata } from "next";
import Link from "next/link";
import { getSessionActor } from "~/trpc/server";
import { landingFor, surfaceFor, surfaces } from "~/navigation/landing";

export const metadata: Metadata = { title: "Page not found · Orderline" };

/**
 * Every 404 of the app, including an order or thread the viewer may not see: it says nothing about
 * what was asked for, so a refused record and a missing one look exactly alike (OWASP API1).
 */
export default async function NotFound() {
  const actor = await getSessionActor();
  const back = actor
    ? { href: landingFor(actor.role), label: `Go to ${surfaces[surfaceFor(actor.role)].label}` }
    : { href: "/login", label: "Go to sign in" };
  return (
    <div className="mx-auto max-w-xl px-4 py-16 text-center">
      <p className="text-sm font-semibold uppercase tracking-wide text-brand">404</p>
      <h1 className="mt-2 text-2xl font-semibold text-slate-900">We can’t find that page</h1>
      <p className="mt-3 text-slate-600">
        It may have moved, the link may be mistyped, or it may belong to another account.
      </p>
      <p className="mt-8">
        <Link href={back.href} className="inline-block rounded-md bg-brand px-4 py-2 font-medium text-white hover:bg-brand-dark">
          {back.label}
        </Link>
      </p>
    </div>
  );
}
