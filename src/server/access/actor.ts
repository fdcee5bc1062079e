import { z } from "zod";

export const userRoles = ["customer", "admin", "supplier", "reseller"] as const;
export type UserRole = (typeof userRoles)[number];

/** Who is calling: always built from the session or an API token, never from a request body. */
export interface Actor {
  id: string;
  role: UserRole;
  name: string;
  email: string;
  /** The reseller's store. */
  storeId: string | null;
  /** The supplier user's supplier. */
  supplierId: string | null;
}

const ZActor = z.object({
  id: z.string().uuid(),
  role: z.enum(userRoles),
  name: z.string(),
  email: z.string(),
  storeId: z.string().nullable(),
  supplierId: z.string().nullable(),
});

/**
 * A session's user as an Actor, or null when it is not a whole one (e.g. a session whose user
 * was removed): a caller without a known role must never reach the policy, which would have no
 * rule for it.
 */
export function parseActor(value: unknown): Actor | null {
  const parsed = ZActor.safeParse(value);
  return parsed.success ? parsed.data : null;
}
