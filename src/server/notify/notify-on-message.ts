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
  // One indexed set per kind of recipient, unioned: a single join on a CASE made Postgres scan every
  // user and every fulfilment (10.9 ms a send at 21 k users / 100 k orders, measured by the bench).
  const rows = await queryRows<{ user_id: string }>(db, sql`
    with m as (
      select id, is_internal, sender_role, sender_id, sender_name from messages where id = ${event.messageId}::uuid
    ), recipients as (
      select u.id from users u, m where u.role = 'admin' and (m.is_internal or m.sender_role = 'customer')
      union
      select u.id from users u, m
      where not m.is_internal and m.sender_role = 'customer' and u.role = 'reseller' and u.store_id = ${event.storeId}
      union
      select u.id from users u, m
      where not m.is_internal and m.sender_role = 'customer' and u.role = 'supplier'
        and u.supplier_id in (
          select f.supplier_id from order_fulfillments f where f.store_id = ${event.storeId} and f.order_id = ${event.orderId}::uuid
        )
      union
      select o.customer_id from orders o, m
      where not m.is_internal and m.sender_role <> 'customer' and o.id = ${event.orderId}::uuid and o.customer_id is not null
    )
    insert into notifications (user_id, store_id, thread_id, message_id, kind, title)
    select r.id, ${event.storeId}, ${event.threadId}::uuid, m.id, ${kind},
           case when m.is_internal then 'Internal note on ' || ${event.orderNumber} || ' from ' || m.sender_name
                else m.sender_name || ' wrote on ' || ${event.orderNumber} end
    from recipients r cross join m
    where r.id is distinct from m.sender_id
    on conflict (user_id, message_id) do nothing
    returning user_id`);
  return rows.map((row) => row.user_id);
}
