import "server-only";
import { asc } from "drizzle-orm";
import { canListAllStores, type Actor } from "../access";
import type { DbOrTx } from "../db/client";
import { stores } from "../db/schema";
import { forbidden } from "../errors";

export interface StoreOption {
  id: string;
  name: string;
}

/** Every store on the platform, by name (the admin inbox's store filter); admins only. */
export async function listStores(db: DbOrTx, actor: Actor): Promise<StoreOption[]> {
  if (!canListAllStores(actor)) throw forbidden("Only admins can list every store");
  return db.select({ id: stores.id, name: stores.name }).from(stores).orderBy(asc(stores.name), asc(stores.id));
}
