import "server-only";
import { redirect } from "next/navigation";
import type { Actor } from "~/server/access";
import { getSessionActor } from "~/trpc/server";
import { loginPath } from "~/navigation/landing";

/**
 * The gate of a page every role may use (the surface gates are per role): no session → the
 * sign-in page, which returns to `path` (`afterSignInPath` allows it for every role).
 */
export async function signedInActor(path: string): Promise<Actor> {
  const actor = await getSessionActor();
  if (!actor) redirect(loginPath(path));
  return actor;
}
