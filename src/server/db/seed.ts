import { eq, sql } from "drizzle-orm";
import { hashPassword } from "../auth/password";
import type { Database } from "./client";
import { messages, orderFulfillments, orders, stores, suppliers, threads, users } from "./schema";

export const DEMO_PASSWORD = "orderline-demo";

export const demoUsers = [
  { email: "admin@demo.test", name: "Ada Admin", role: "admin" },
  { email: "alice@demo.test", name: "Alice Customer", role: "customer", phone: "+1 202-555-0101" },
  { email: "bob@demo.test", name: "Bob Customer", role: "customer", phone: "+1 202-555-0102" },
  { email: "rita@demo.test", name: "Rita Reseller", role: "reseller", storeId: "north" },
  { email: "sam@demo.test", name: "Sam Reseller", role: "reseller", storeId: "south" },
  { email: "sid@demo.test", name: "Sid Supplier", role: "supplier", supplierId: "acme" },
  { email: "sue@demo.test", name: "Sue Supplier", role: "supplier", supplierId: "globex" },
] as const;

export const demoOrders = [
  { orderNumber: "ORD-1001", storeId: "north", customer: "alice@demo.test", supplierId: "acme", status: "processing" },
  { orderNumber: "ORD-1002", storeId: "north", customer: "bob@demo.test", supplierId: "globex", status: "shipped" },
  { orderNumber: "ORD-1003", storeId: "south", customer: "alice@demo.test", supplierId: "acme", status: "processing" },
] as const;

type DemoMessage = {
  from: string | "system";
  content: string;
  channel?: "in_app" | "email" | "whatsapp" | "sms";
  internal?: boolean;
  minutesAgo: number;
};

const demoConversations: Record<string, DemoMessage[]> = {
  "ORD-1001": [
    { from: "alice@demo.test", content: "Hi! Could you tell me when my order will ship?", minutesAgo: 60 * 26 },
    { from: "system", content: "Order is being prepared by the warehouse.", minutesAgo: 60 * 25 },
    { from: "sid@demo.test", content: "Hello Alice, it leaves our warehouse tomorrow morning.", minutesAgo: 60 * 24 },
    { from: "admin@demo.test", content: "Acme confirmed stock. Watch for delays on the blue variant.", internal: true, minutesAgo: 60 * 23 },
  ],
  "ORD-1002": [
    { from: "bob@demo.test", content: "Is there a tracking number for my parcel?", channel: "email", minutesAgo: 60 * 8 },
    { from: "system", content: "Order shipped with tracking number 1Z999AA10123456784.", minutesAgo: 60 * 7 },
    { from: "admin@demo.test", content: "Hi Bob, your tracking number is 1Z999AA10123456784.", minutesAgo: 60 * 6 },
  ],
  "ORD-1003": [
    { from: "alice@demo.test", content: "Can I change the delivery address for this order?", channel: "whatsapp", minutesAgo: 90 },
    { from: "sam@demo.test", content: "Yes — send us the new address and we will update it.", minutesAgo: 60 },
    { from: "system", content: "Delivery address change requested.", minutesAgo: 45 },
  ],
};

/**
 * Idempotent: re-running adds nothing that is already there. Threads are seeded only when the
 * order has none yet, since messages are immutable and can't be "upserted".
 */
export async function seedDemoData(db: Database): Promise<void> {
  const passwordHash = await hashPassword(DEMO_PASSWORD);
  await db.transaction(async (tx) => {
    await tx
      .insert(stores)
      .values([
        { id: "north", name: "North Store" },
        { id: "south", name: "South Store" },
      ])
      .onConflictDoNothing();
    await tx
      .insert(suppliers)
      .values([
        { id: "acme", name: "Acme Supplies" },
        { id: "globex", name: "Globex Fulfilment" },
      ])
      .onConflictDoNothing();
    await tx
      .insert(users)
      .values(demoUsers.map((u) => ({ ...u, passwordHash })))
      .onConflictDoNothing();

    const userRows = await tx.select().from(users);
    const byEmail = new Map(userRows.map((u) => [u.email, u]));
    const user = (email: string) => {
      const found = byEmail.get(email);
      if (!found) throw new Error(`seed: missing user ${email}`);
      return found;
    };

    for (const o of demoOrders) {
      const customer = user(o.customer);
      await tx
        .insert(orders)
        .values({
          orderNumber: o.orderNumber,
          storeId: o.storeId,
          customerId: customer.id,
          customerName: customer.name,
          customerEmail: customer.email,
          customerPhone: customer.phone,
          status: o.status,
        })
        .onConflictDoNothing();
      const [order] = await tx.select().from(orders).where(eq(orders.orderNumber, o.orderNumber));
      if (!order) throw new Error(`seed: order ${o.orderNumber} missing`);
      await tx
        .insert(orderFulfillments)
        .values({ storeId: o.storeId, orderId: order.id, supplierId: o.supplierId })
        .onConflictDoNothing();

      const [thread] = await tx
        .insert(threads)
        .values({ storeId: o.storeId, orderId: order.id })
        .onConflictDoNothing()
        .returning();
      if (!thread) continue;
      const conversation = demoConversations[o.orderNumber] ?? [];
      const at = (m: DemoMessage) => new Date(Date.now() - m.minutesAgo * 60_000);
      await tx.insert(messages).values(
        conversation.map((m) => {
          const sender = m.from === "system" ? undefined : user(m.from);
          return {
            storeId: o.storeId,
            threadId: thread.id,
            senderRole: sender ? sender.role : ("system" as const),
            senderId: sender?.id,
            senderName: sender ? sender.name : "Order system",
            channel: m.channel ?? "in_app",
            messageType: sender ? ("text" as const) : ("system_event" as const),
            content: m.content,
            isInternal: m.internal ?? false,
            createdAt: at(m),
          };
        }),
      );
      // Read back from the rows just written, as the migration's backfill does, so both times are
      // exactly their messages' created_at (internal notes move only last_message_at).
      const newestOf = (publicOnly: boolean) => sql`(
        SELECT max(${messages.createdAt}) FROM ${messages}
        WHERE ${messages.threadId} = ${thread.id} ${publicOnly ? sql`AND NOT ${messages.isInternal}` : sql``}
      )`;
      await tx
        .update(threads)
        .set({ lastMessageAt: newestOf(false), lastPublicMessageAt: newestOf(true) })
        .where(eq(threads.id, thread.id));
    }
  });
}
