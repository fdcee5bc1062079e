import "server-only";
import { sql } from "drizzle-orm";
import type { NextAuthOptions } from "next-auth";
import CredentialsProvider from "next-auth/providers/credentials";
import { z } from "zod";
import { DEV_AUTH_SECRET, env } from "~/env";
import type { Actor } from "../access";
import { actorFromUser } from "../api-tokens/api-tokens";
import { getDb } from "../db";
import { users } from "../db/schema";
import { createRateLimiter } from "../rate-limit/rate-limiter";
import { verifyPassword } from "./password";

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

const ZCredentials = z.object({ email: z.string().trim().toLowerCase().email(), password: z.string().min(1).max(1024) });

// Per account, so stuffing one account is slowed without locking out a shared office address.
const failedSignIns = createRateLimiter({
  limit: env.SIGNIN_FAILURES_PER_ACCOUNT,
  windowMs: env.SIGNIN_WINDOW_SECONDS * 1000,
});

export const SIGNIN_LOCKED_MESSAGE = "Too many failed sign-in attempts for this account. Try again in a few minutes.";

export const authOptions: NextAuthOptions = {
  secret: env.AUTH_SECRET ?? DEV_AUTH_SECRET,
  session: { strategy: "jwt", maxAge: 60 * 60 * 12 },
  pages: { signIn: "/login" },
  providers: [
    CredentialsProvider({
      name: "Email and password",
      credentials: { email: { label: "Email", type: "email" }, password: { label: "Password", type: "password" } },
      async authorize(raw) {
        const parsed = ZCredentials.safeParse(raw);
        if (!parsed.success) return null;
        const { email, password } = parsed.data;
        if (failedSignIns.isLimited(email)) throw new Error(SIGNIN_LOCKED_MESSAGE);
        const db = await getDb();
        const [user] = await db
          .select()
          .from(users)
          .where(sql`lower(${users.email}) = ${email}`)
          .limit(1);
        const ok = !!user?.passwordHash && (await verifyPassword(user.passwordHash, password));
        if (!ok || !user) {
          failedSignIns.hit(email);
          return null;
        }
        failedSignIns.reset(email);
        const actor = actorFromUser(user);
        return { ...actor, id: actor.id };
      },
    }),
  ],
  callbacks: {
    jwt({ token, user }) {
      if (user) {
        const u = user as unknown as Actor;
        token.actor = { id: u.id, role: u.role, name: u.name, email: u.email, storeId: u.storeId, supplierId: u.supplierId };
      }
      return token;
    },
    session({ session, token }) {
      if (token.actor) session.user = token.actor;
      return session;
    },
  },
};
