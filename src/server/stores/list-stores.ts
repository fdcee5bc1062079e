import "server-only";
import { asc } from "drizzle-orm";
import type { DbOrTx } from "../db/client";
import { stores } from "../db/schema";

export interface StoreOption {
  id: string;
  name: string;
}

/**
 * Every store on the platform, by name (the admin inbox's store filter). It applies no access
 * rule of its own: call it only for a caller who may see every store, i.e. after the admin gate.
 */
export async function listStores(db: DbOrTx): Promise<StoreOption[]> {
  return db.select({ id: stores.id, name: stores.name }).from(stores).orderBy(asc(stores.name), asc(stores.id));
}
