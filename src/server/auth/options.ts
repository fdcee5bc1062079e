import "server-only";
import type { NextAuthOptions } from "next-auth";
import CredentialsProvider from "next-auth/providers/credentials";
import { DEV_AUTH_SECRET, env } from "~/env";
import type { Actor } from "../access";
import { getDb } from "../db";
import { createRateLimiter } from "../rate-limit/rate-limiter";
import { createCredentialsVerifier, loadActor, SIGNIN_FAILED_MESSAGE, SignInLockedError } from "./credentials";
import { requestMetaFromHeaders } from "./resolve-actor";

declare module "next-auth" {
  interface Session {
    user: Actor;
  }
}
declare module "next-auth/jwt" {
  interface JWT {
    actor?: Actor;
    /** When `actor` was last read from the database (ms). */
    actorCheckedAt?: number;
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

/** How long a session trusts the role and scope in its token before reading them again. */
const ACTOR_REFRESH_MS = 60_000;

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
        token.actorCheckedAt = Date.now();
      } else if (token.actor && Date.now() - (token.actorCheckedAt ?? 0) > ACTOR_REFRESH_MS) {
        // A user moved to another store, given another role or removed must not keep the old
        // access for the session's lifetime.
        const fresh = await loadActor(await getDb(), token.actor.id);
        if (fresh) token.actor = fresh;
        else delete token.actor;
        token.actorCheckedAt = Date.now();
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
