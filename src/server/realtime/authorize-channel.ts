import { and, eq } from "drizzle-orm";
import { canSeeInternalNotes, visibleThreadsWhere, type Actor } from "../access";
import type { DbOrTx } from "../db/client";
import { orders, threads } from "../db/schema";
import { forbidden } from "../errors";
import { parseChannelName } from "./channel-names";

/**
 * May this actor subscribe to this channel? The same rule as reading: a thread channel needs the
 * thread to be visible to the actor (the policy's thread predicate inside the WHERE, so nothing is
 * loaded and checked after; a thread of internal notes only does not exist for non-admins). Throws
 * `Forbidden` for every refusal, whether the thread exists or not, so the answer reveals nothing.
 */
export async function authorizeChannel(db: DbOrTx, actor: Actor, channelName: string): Promise<void> {
  const channel = parseChannelName(channelName);
  const refuse = () => forbidden(`You may not subscribe to ${channelName}`);
  if (!channel) throw refuse();
  const admin = canSeeInternalNotes(actor);
  switch (channel.kind) {
    case "threadInternal":
    case "adminInbox":
      if (!admin) throw refuse();
      return;
    case "store":
      if (!admin && !(actor.role === "reseller" && actor.storeId === channel.storeId)) throw refuse();
      return;
    case "supplier":
      if (!admin && !(actor.role === "supplier" && actor.supplierId === channel.supplierId)) throw refuse();
      return;
    case "user":
      // Notifications are personal: not even an admin listens on someone else's.
      if (actor.id !== channel.userId) throw refuse();
      return;
    case "thread": {
      const [row] = await db
        .select({ id: threads.id })
        .from(threads)
        .innerJoin(orders, eq(orders.id, threads.orderId))
        .where(and(eq(threads.id, channel.threadId), visibleThreadsWhere(db, actor)))
        .limit(1);
      if (!row) throw refuse();
      return;
    }
  }
}
