import { eq, sql } from "drizzle-orm";
import { z } from "zod";
import type { Actor } from "../access";
import { actorFromUser } from "../api-tokens/api-tokens";
import type { Database } from "../db/client";
import { users } from "../db/schema";
import type { RateLimiter } from "../rate-limit/rate-limiter";
import { verifyPassword } from "./password";

export const SIGNIN_LOCKED_MESSAGE = "Too many failed sign-in attempts for this account. Try again in a few minutes.";
export const SIGNIN_ADDRESS_LOCKED_MESSAGE = "Too many failed sign-in attempts from your network. Try again in a few minutes.";

export class SignInLockedError extends Error {
  constructor(message = SIGNIN_LOCKED_MESSAGE) {
    super(message);
    this.name = "SignInLockedError";
  }
}

interface SignInLimits {
  /** Attempts per account; a success clears the account's count. */
  perAccount: RateLimiter;
  /** Failures per client address, across accounts: slows one address trying many accounts. */
  perAddress: RateLimiter;
}

const ZCredentials = z.object({ email: z.string().trim().toLowerCase().email(), password: z.string().min(1).max(1024) });

/**
 * Email and password to an Actor, or null; throws SignInLockedError while the account or the
 * caller's address is held. `address` is null when the request does not say where it came from.
 */
export function createCredentialsVerifier(limits: SignInLimits) {
  return async function verifyCredentials(db: Database, raw: unknown, address: string | null = null): Promise<Actor | null> {
    const parsed = ZCredentials.safeParse(raw);
    if (!parsed.success) return null;
    const { email, password } = parsed.data;
    // Counted before the slow password check, so a burst of parallel guesses gets no more tries
    // than guesses made one after another.
    if (address && (await limits.perAddress.isLimited(db, address))) throw new SignInLockedError(SIGNIN_ADDRESS_LOCKED_MESSAGE);
    if (!(await limits.perAccount.hit(db, email)).allowed) throw new SignInLockedError();
    const [user] = await db
      .select()
      .from(users)
      .where(sql`lower(${users.email}) = ${email}`)
      .limit(1);
    if (!user?.passwordHash || !(await verifyPassword(user.passwordHash, password))) {
      // Failures only: a shared office address signs many people in.
      if (address) await limits.perAddress.hit(db, address);
      return null;
    }
    await limits.perAccount.reset(db, email);
    return actorFromUser(user);
  };
}

/** The user's current role and scope, so a session follows changes made after it was issued. */
export async function loadActor(db: Database, userId: string): Promise<Actor | null> {
  const [user] = await db.select().from(users).where(eq(users.id, userId)).limit(1);
  return user ? actorFromUser(user) : null;
}
