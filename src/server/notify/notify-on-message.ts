import { sql } from "drizzle-orm";
import { queryRows, type DbOrTx } from "../db/client";
import type { DomainEvents } from "../events/domain-events";

export type MessageCreated = DomainEvents["MESSAGE_CREATED"];

/**
 * Who is told about a new message, as the original system decided, in one INSERT … SELECT:
 * - an internal note → admins only;
 * - a customer's message → admins, the store's resellers and the users of the order's suppliers;
 * - anyone else's (staff, partner, the order system) → the order's customer;
 * - never the sender, and once per person per message (a unique key), so a repeated event
 *   cannot notify twice. Notifications are in-app rows: they never create messages and never go
 *   out on the channel a message came in on, so nothing loops.
 * Returns who was notified, for the live bell.
 */
export async function notifyOnMessage(db: DbOrTx, event: MessageCreated): Promise<string[]> {
  const kind = event.isInternal ? "internal_note" : "message";
  const rows = await queryRows<{ user_id: string }>(db, sql`
    insert into notifications (user_id, store_id, thread_id, message_id, kind, title)
    select u.id, ${event.storeId}, ${event.threadId}::uuid, m.id, ${kind},
           case when m.is_internal then 'Internal note on ' || ${event.orderNumber} || ' from ' || m.sender_name
                else m.sender_name || ' wrote on ' || ${event.orderNumber} end
    from messages m
    join users u on case
      when m.is_internal then u.role = 'admin'
      when m.sender_role = 'customer' then
        u.role = 'admin'
        or (u.role = 'reseller' and u.store_id = ${event.storeId})
        or (u.role = 'supplier' and u.supplier_id in (select f.supplier_id from order_fulfillments f where f.order_id = ${event.orderId}::uuid))
      else u.id = (select o.customer_id from orders o where o.id = ${event.orderId}::uuid)
    end
    where m.id = ${event.messageId}::uuid
      and u.id is distinct from m.sender_id
    on conflict (user_id, message_id) do nothing
    returning user_id`);
  return rows.map((row) => row.user_id);
}
