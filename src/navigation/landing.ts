import type { UserRole } from "~/server/access/actor";

/*
 * Where each role lands and which paths a sign-in may return to. A plain module (no server code,
 * no React) so pages, gates and client components all import it from here, not from app/.
 */

/** The three surfaces of the app and who each one is for. */
export const surfaces = {
  customer: { home: "/orders", label: "My orders", roles: ["customer"] },
  admin: { home: "/admin/inbox", label: "Inbox", roles: ["admin"] },
  partner: { home: "/partner", label: "Partner threads", roles: ["supplier", "reseller"] },
} as const satisfies Record<string, { home: string; label: string; roles: readonly UserRole[] }>;

export type Surface = keyof typeof surfaces;

/** Where a signed-in user manages their own API tokens, whatever their role. */
export const apiTokensPath = "/settings/tokens";

/** Pages outside the surfaces that every signed-in role may open (src/app/_lib/signed-in-gate.ts). */
const everyRolePages: readonly string[] = [apiTokensPath];

export function surfaceFor(role: UserRole): Surface {
  if (role === "admin") return "admin";
  if (role === "customer") return "customer";
  return "partner";
}

/** Where a user goes after signing in, from `/`, and from a page that is not for them. */
export function landingFor(role: UserRole): string {
  return surfaces[surfaceFor(role)].home;
}

export function mayUseSurface(role: UserRole, surface: Surface): boolean {
  return (surfaces[surface].roles as readonly UserRole[]).includes(role);
}

/**
 * The page to open after sign-in: the `callbackUrl` the gate sent along when it is a path on the
 * user's own surface or a page for every role (never another origin, never a page they would be
 * refused), else their landing.
 */
export function afterSignInPath(role: UserRole, callbackUrl: string | null | undefined): string {
  const home = landingFor(role);
  if (!callbackUrl?.startsWith("/") || callbackUrl.startsWith("//") || callbackUrl.includes("\\")) return home;
  const path = callbackUrl.split(/[?#]/)[0] ?? "";
  const allowed = path === home || path.startsWith(`${home}/`) || everyRolePages.includes(path);
  return allowed ? callbackUrl : home;
}

export function loginPath(callbackUrl?: string): string {
  return callbackUrl ? `/login?callbackUrl=${encodeURIComponent(callbackUrl)}` : "/login";
}
