import { eq, sql } from "drizzle-orm";
import { z } from "zod";
import type { Actor } from "../access";
import { actorFromUser } from "../api-tokens/api-tokens";
import type { Database } from "../db/client";
import { users } from "../db/schema";
import type { RateLimiter } from "../rate-limit/rate-limiter";
import { verifyPassword } from "./password";

export const SIGNIN_LOCKED_MESSAGE = "Too many failed sign-in attempts for this account. Try again in a few minutes.";

export class SignInLockedError extends Error {
  constructor() {
    super(SIGNIN_LOCKED_MESSAGE);
    this.name = "SignInLockedError";
  }
}

const ZCredentials = z.object({ email: z.string().trim().toLowerCase().email(), password: z.string().min(1).max(1024) });

/**
 * Email and password to an Actor, or null. `attempts` limits sign-in attempts per account; a
 * success clears the account's count.
 */
export function createCredentialsVerifier(attempts: RateLimiter) {
  return async function verifyCredentials(db: Database, raw: unknown): Promise<Actor | null> {
    const parsed = ZCredentials.safeParse(raw);
    if (!parsed.success) return null;
    const { email, password } = parsed.data;
    // Counted before the slow password check, so a burst of parallel guesses gets no more tries
    // than guesses made one after another.
    if (!attempts.hit(email).allowed) throw new SignInLockedError();
    const [user] = await db
      .select()
      .from(users)
      .where(sql`lower(${users.email}) = ${email}`)
      .limit(1);
    if (!user?.passwordHash || !(await verifyPassword(user.passwordHash, password))) return null;
    attempts.reset(email);
    return actorFromUser(user);
  };
}

/** The user's current role and scope, so a session follows changes made after it was issued. */
export async function loadActor(db: Database, userId: string): Promise<Actor | null> {
  const [user] = await db.select().from(users).where(eq(users.id, userId)).limit(1);
  return user ? actorFromUser(user) : null;
}
