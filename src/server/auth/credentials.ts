import { eq, sql } from "drizzle-orm";
import { z } from "zod";
import type { Actor } from "../access";
import { actorFromUser } from "../api-tokens/api-tokens";
import type { Database } from "../db/client";
import { users } from "../db/schema";
import type { RateLimiter } from "../rate-limit/rate-limiter";
import { verifyPassword } from "./password";

export const SIGNIN_LOCKED_MESSAGE = "Too many failed sign-in attempts for this account. Try again in a few minutes.";
export const SIGNIN_FAILED_MESSAGE = "Sign-in failed on our side. Please try again in a moment.";
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

// 254: the longest address SMTP allows; it also bounds the rate-limit keys made from it.
const ZCredentials = z.object({ email: z.string().trim().toLowerCase().max(254).email(), password: z.string().min(1).max(1024) });

/**
 * Email and password to an Actor, or null; throws SignInLockedError while the account or the
 * caller's address is held. `address` is null when the request does not say where it came from.
 */
export function createCredentialsVerifier(limits: SignInLimits) {
  return async function verifyCredentials(db: Database, raw: unknown, address: string | null = null): Promise<Actor | null> {
    const parsed = ZCredentials.safeParse(raw);
    if (!parsed.success) return null;
    const { email, password } = parsed.data;
    // Both counted before the slow password check, so a burst of parallel guesses gets no more
    // tries than guesses made one after another. The address counts failures only: a success gives
    // its place back (a shared office address signs many people in).
    const addressHit = address ? await limits.perAddress.hit(db, address) : null;
    if (addressHit && !addressHit.allowed) throw new SignInLockedError(SIGNIN_ADDRESS_LOCKED_MESSAGE);
    if (!(await limits.perAccount.hit(db, email)).allowed) throw new SignInLockedError();
    const [user] = await db
      .select()
      .from(users)
      .where(sql`lower(${users.email}) = ${email}`)
      .limit(1);
    if (!user?.passwordHash || !(await verifyPassword(user.passwordHash, password))) return null;
    await limits.perAccount.reset(db, email);
    if (address && addressHit) await limits.perAddress.release(db, address, addressHit.at);
    return actorFromUser(user);
  };
}

/** The user's current role and scope, so a session follows changes made after it was issued. */
export async function loadActor(db: Database, userId: string): Promise<Actor | null> {
  const [user] = await db.select().from(users).where(eq(users.id, userId)).limit(1);
  return user ? actorFromUser(user) : null;
}
