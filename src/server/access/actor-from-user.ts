import type { users } from "../db/schema";
import type { Actor } from "./actor";

/** A `users` row as the Actor the policy judges: role and scope only, never the password hash. */
export function actorFromUser(user: typeof users.$inferSelect): Actor {
  return {
    id: user.id,
    role: user.role,
    name: user.name,
    email: user.email,
    storeId: user.storeId,
    supplierId: user.supplierId,
  };
}
