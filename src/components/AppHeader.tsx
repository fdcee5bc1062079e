import Link from "next/link";
import { apiTokensPath, landingFor } from "~/navigation/landing";
import type { Actor } from "~/server/access";
import { RoleBadge } from "./RoleBadge";
import { SignOutButton } from "./SignOutButton";

export function AppHeader({ actor }: { actor: Actor | null }) {
  return (
    <header className="border-b border-slate-200 bg-white">
      {/* On a phone the name takes a line of its own below the actions (visual order only, so a screen reader still hears it first). */}
      <div className="mx-auto flex max-w-5xl flex-wrap items-center justify-between gap-x-4 gap-y-1 px-4 py-3">
        <Link href={actor ? landingFor(actor.role) : "/login"} className="text-lg font-semibold text-brand-dark">
          Orderline
        </Link>
        {actor && (
          <>
            <span className="order-last w-full text-right text-sm sm:order-none sm:ml-auto sm:w-auto">
              <span className="sr-only">Signed in as </span>
              <span className="font-medium text-slate-900">{actor.name}</span> <RoleBadge role={actor.role} />
            </span>
            <div className="flex items-center gap-3 text-sm">
              <Link href={apiTokensPath} className="whitespace-nowrap font-medium text-brand-dark underline-offset-2 hover:underline">
                API tokens
              </Link>
              <SignOutButton />
            </div>
          </>
        )}
      </div>
    </header>
  );
}
