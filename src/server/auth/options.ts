import "server-only";
import type { NextAuthOptions } from "next-auth";
import CredentialsProvider from "next-auth/providers/credentials";
import { DEV_AUTH_SECRET, env } from "~/env";
import type { Actor } from "../access";
import { getDb } from "../db";
import { createRateLimiter } from "../rate-limit/rate-limiter";
import { actorCache } from "./actor-cache";
import { createCredentialsVerifier, SIGNIN_FAILED_MESSAGE, SignInLockedError } from "./credentials";
import { requestMetaFromHeaders } from "./request-meta";

declare module "next-auth" {
  interface Session {
    user: Actor;
  }
}
declare module "next-auth/jwt" {
  interface JWT {
    actor?: Actor;
  }
}

const verifyCredentials = createCredentialsVerifier({
  perAccount: createRateLimiter({
    name: "signin-account",
    limit: env.SIGNIN_FAILURES_PER_ACCOUNT,
    windowMs: env.SIGNIN_WINDOW_SECONDS * 1000,
  }),
  perAddress: createRateLimiter({
    name: "signin-address",
    limit: env.SIGNIN_FAILURES_PER_ADDRESS,
    windowMs: env.SIGNIN_ADDRESS_WINDOW_SECONDS * 1000,
  }),
});

/** NextAuth hands `authorize` the headers as a plain object. */
function headersOf(raw: Record<string, unknown> | undefined): Headers {
  const headers = new Headers();
  for (const [name, value] of Object.entries(raw ?? {})) if (typeof value === "string") headers.set(name, value);
  return headers;
}

export const authOptions: NextAuthOptions = {
  secret: env.AUTH_SECRET ?? DEV_AUTH_SECRET,
  session: { strategy: "jwt", maxAge: 60 * 60 * 12 },
  pages: { signIn: "/login" },
  providers: [
    CredentialsProvider({
      name: "Email and password",
      credentials: { email: { label: "Email", type: "email" }, password: { label: "Password", type: "password" } },
      async authorize(raw, request) {
        const address = requestMetaFromHeaders(headersOf(request.headers)).ip;
        // NextAuth shows the browser the message of whatever authorize throws: only the lockout's
        // own words may travel; anything else is logged here and answered generically.
        const actor = await verifyCredentials(await getDb(), raw, address).catch((error: unknown) => {
          if (error instanceof SignInLockedError) throw error;
          console.error("sign-in failed", error);
          throw new Error(SIGNIN_FAILED_MESSAGE);
        });
        return actor ? { ...actor, id: actor.id } : null;
      },
    }),
  ],
  callbacks: {
    async jwt({ token, user }) {
      if (user) {
        const u = user as unknown as Actor;
        token.actor = { id: u.id, role: u.role, name: u.name, email: u.email, storeId: u.storeId, supplierId: u.supplierId };
      } else if (token.actor) {
        // NextAuth's own session endpoint (the browser's useSession) takes the user's current role,
        // scope and enabled state from the actor cache, never the cookie's copy, as every request
        // does (resolve-actor.ts reads only the user id from the cookie): a user moved, demoted,
        // removed or disabled loses the old access at once (the cache follows the database's notices).
        const fresh = await actorCache.get(await getDb(), token.actor.id);
        if (fresh) token.actor = fresh;
        else delete token.actor;
      }
      return token;
    },
    session({ session, token }) {
      if (token.actor) return { ...session, user: token.actor };
      // The user was removed: no user at all, rather than NextAuth's default {name, email} that
      // would look signed in. `parseActor` refuses it too.
      const { user: _removed, ...withoutUser } = session;
      return withoutUser as typeof session;
    },
  },
};
