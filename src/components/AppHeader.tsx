import Link from "next/link";
import { apiTokensPath, landingFor, surfaceFor, surfaces } from "~/navigation/landing";
import type { Actor } from "~/server/access";
import { NotificationBell } from "./live/NotificationBell";
import { UserMenu } from "./UserMenu";

export function AppHeader({ actor }: { actor: Actor | null }) {
  return (
    <header className="border-b border-slate-200 bg-white">
      <div className="mx-auto flex max-w-[100rem] flex-wrap items-center justify-between gap-x-4 gap-y-1 px-4 py-3">
        <nav aria-label="Main" className="flex items-center gap-4">
          <Link href={actor ? landingFor(actor.role) : "/login"} className="text-lg font-semibold text-brand-dark">
            Orderline
          </Link>
          {actor && (
            <Link href={landingFor(actor.role)} className="hidden text-sm font-medium text-slate-700 hover:text-brand-dark sm:inline">
              {surfaces[surfaceFor(actor.role)].label}
            </Link>
          )}
        </nav>
        {actor && (
          <div className="flex items-center gap-3 text-sm">
            <NotificationBell userId={actor.id} role={actor.role} />
            <UserMenu name={actor.name} role={actor.role} apiTokensHref={apiTokensPath} />
          </div>
        )}
      </div>
    </header>
  );
}
