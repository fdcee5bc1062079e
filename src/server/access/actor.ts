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
