import "server-only";
import { headers } from "next/headers";
import { redirect } from "next/navigation";
import type { Actor } from "~/server/access";
import { getSessionActor } from "~/trpc/server";
import { loginPath, mayUseSurface, type Surface, surfaces } from "~/navigation/landing";

export type SurfaceAccess = { kind: "allowed"; actor: Actor } | { kind: "wrong-role"; actor: Actor };

/**
 * The gate of a surface's layout: no session → the sign-in page; a session of another role →
 * "wrong-role", which the layout shows as a refusal instead of the page.
 */
export async function gateSurface(surface: Surface, path: string = surfaces[surface].home): Promise<SurfaceAccess> {
  const actor = await getSessionActor();
  if (!actor) redirect(loginPath(path));
  return mayUseSurface(actor.role, surface) ? { kind: "allowed", actor } : { kind: "wrong-role", actor };
}

/**
 * The path the browser asked for, when a proxy (src/proxy.ts) put it on the request: a layout is
 * not told its URL, and Next renders the layout first, so without it an anonymous deep link
 * signs in to the surface's home instead of the page. Only ever used as a callbackUrl, which
 * `afterSignInPath` limits to the user's own surface.
 */
export async function requestedPath(surface: Surface): Promise<string> {
  const path = (await headers()).get("x-orderline-path");
  return path?.startsWith("/") ? path : surfaces[surface].home;
}

/**
 * For pages: Next renders a layout and its page in parallel, so a page never loads data on the
 * layout's word alone. Redirects an anonymous visitor with the page's own path (so sign-in returns
 * to it) and answers null for a wrong role (the layout is already showing the refusal).
 */
export async function surfaceActor(surface: Surface, path: string): Promise<Actor | null> {
  const access = await gateSurface(surface, path);
  return access.kind === "allowed" ? access.actor : null;
}
