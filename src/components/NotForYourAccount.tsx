import Link from "next/link";
import { landingFor, surfaceFor, surfaces } from "~/navigation/landing";
import type { Actor } from "~/server/access";

/** Shown by a surface's layout to a signed-in user of another role. */
export function NotForYourAccount({ actor }: { actor: Actor }) {
  return (
    <div className="mx-auto max-w-xl px-4 py-16 text-center">
      <h1 className="text-2xl font-semibold text-slate-900">This page is not for your account</h1>
      <p className="mt-3 text-slate-600">
        You are signed in as {actor.name} ({actor.role}), and this part of Orderline is for other roles.
      </p>
      <p className="mt-6">
        <Link
          href={landingFor(actor.role)}
          className="inline-block rounded-md bg-brand px-4 py-2 font-medium text-white hover:bg-brand-dark"
        >
          Go to {surfaces[surfaceFor(actor.role)].label}
        </Link>
      </p>
    </div>
  );
}
