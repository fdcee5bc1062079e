import { sql } from "drizzle-orm";
import { z } from "zod";
import type { Actor } from "../access";
import { actorFromUser } from "../access/actor-from-user";
import type { Database } from "../db/client";
import { users } from "../db/schema";
import type { RateLimiter } from "../rate-limit/rate-limiter";
import { addressLimitKey } from "./address-limit-key";
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
 * What an address with no user, a user without a password or a disabled user is checked against, so
 * every refusal costs one argon2 verification like a wrong password does and the time taken does not
 * tell which addresses have accounts. Made with @node-rs/argon2's defaults (the ones `hashPassword`
 * uses); it matches no password anyone would send.
 */
const DUMMY_PASSWORD_HASH = "$argon2id$v=19$m=19456,t=2,p=1$+bm34DssyUZsoYDJ/QKEiw$yFoTe8jbIbCcHMc/lu6SB1g+DGRgbUmi8f2LeIxQe18";

/**
 * Email and password to an Actor, or null; throws SignInLockedError while the account or the
 * caller's address is held. `address` is null when the request does not say where it came from.
 */
export function createCredentialsVerifier(limits: SignInLimits) {
  return async function verifyCredentials(db: Database, raw: unknown, address: string | null = null): Promise<Actor | null> {
    const parsed = ZCredentials.safeParse(raw);
    if (!parsed.success) return null;
    const { email, password } = parsed.data;
    const addressKey = address ? addressLimitKey(address) : null;
    // Both counted before the slow password check, so a burst of parallel guesses gets no more
    // tries than guesses made one after another. The address counts failures only: a success gives
    // its place back (a shared office address signs many people in).
    const addressHit = addressKey ? await limits.perAddress.hit(db, addressKey) : null;
    if (addressHit && !addressHit.allowed) throw new SignInLockedError(SIGNIN_ADDRESS_LOCKED_MESSAGE);
    if (!(await limits.perAccount.hit(db, email)).allowed) throw new SignInLockedError();
    const [user] = await db
      .select()
      .from(users)
      .where(sql`lower(${users.email}) = ${email}`)
      .limit(1);
    const matches = await verifyPassword(user?.passwordHash ?? DUMMY_PASSWORD_HASH, password);
    // A disabled user is refused like a wrong password, after the same work.
    if (!user?.passwordHash || !matches || user.disabledAt) return null;
    await limits.perAccount.reset(db, email);
    if (addressKey && addressHit) await limits.perAddress.release(db, addressKey, addressHit.at);
    return actorFromUser(user);
  };
}
