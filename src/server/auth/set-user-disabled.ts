import { sql } from "drizzle-orm";
import type { Database } from "../db/client";
import { users } from "../db/schema";
import { notFound } from "../errors";
import { actorCache } from "./actor-cache";

export interface UserStatus {
  id: string;
  email: string;
  disabledAt: Date | null;
}

/**
 * Stops (or lets again) a user by email: sign-in refuses them, and every session and API token of
 * theirs stops acting at once: in other processes by the database's notice (actor-change-feed.ts),
 * in this one here, without waiting for the notice. Nothing is deleted:
 * their messages stay attributed, and enabling them restores their tokens as they were.
 * Disabling an already disabled user keeps the first time.
 */
export async function setUserDisabled(db: Database, email: string, disabled: boolean): Promise<UserStatus> {
  const [user] = await db
    .update(users)
    .set({ disabledAt: disabled ? sql`coalesce(${users.disabledAt}, now())` : null })
    .where(sql`lower(${users.email}) = lower(${email.trim()})`)
    .returning({ id: users.id, email: users.email, disabledAt: users.disabledAt });
  if (!user) throw notFound(`User ${email}`);
  actorCache.forget(user.id);
  return user;
}
