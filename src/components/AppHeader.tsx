import Link from "next/link";
import { landingFor } from "~/app/_lib/landing";
import type { Actor } from "~/server/access";
import { RoleBadge } from "./RoleBadge";
import { SignOutButton } from "./SignOutButton";

export function AppHeader({ actor }: { actor: Actor | null }) {
  return (
    <header className="border-b border-slate-200 bg-white">
      <div className="mx-auto flex max-w-5xl items-center justify-between gap-4 px-4 py-3">
        <Link href={actor ? landingFor(actor.role) : "/login"} className="text-lg font-semibold text-brand-dark">
          Orderline
        </Link>
        {actor && (
          <div className="flex items-center gap-3 text-sm">
            <span>
              <span className="sr-only">Signed in as </span>
              <span className="font-medium text-slate-900">{actor.name}</span> <RoleBadge role={actor.role} />
            </span>
            <SignOutButton />
          </div>
        )}
      </div>
    </header>
  );
}
