import postgres from "postgres";
import { e2eDatabase } from "./e2e-database";

/**
 * A customer of their own with one order and no thread yet, so each journey starts from a blank
 * conversation whatever other specs (running in parallel) write on the seeded orders. The order is
 * fulfilled by Globex: the customer's page must never name it.
 */
export async function freshOrder(
  label: string,
  customer: { name: string; status: "processing" | "shipped" } = { name: "Cora Conversation", status: "shipped" },
) {
  const database = e2eDatabase();
  if (database.kind !== "postgres") throw new Error("these journeys need PostgreSQL");
  const sql = postgres(database.url, { max: 1, onnotice: () => {} });
  const tag = `${label}${Date.now().toString(36)}${Math.floor(Math.random() * 1e4)}`.toUpperCase();
  const customerEmail = `fresh-${tag.toLowerCase()}@demo.test`;
  const orderNumber = `ORD-C${tag}`;
  try {
    // Same password as every demo user: copy Bob's hash.
    const [user] = await sql<{ id: string }[]>`
      insert into users (email, name, role, password_hash)
      select ${customerEmail}, ${customer.name}, 'customer', password_hash from users where email = 'bob@demo.test'
      returning id`;
    const [order] = await sql<{ id: string }[]>`
      insert into orders (store_id, order_number, customer_id, customer_name, customer_email, status)
      values ('north', ${orderNumber}, ${user!.id}, ${customer.name}, ${customerEmail}, ${customer.status}) returning id`;
    await sql`insert into order_fulfillments (store_id, order_id, supplier_id) values ('north', ${order!.id}, 'globex')`;
  } finally {
    await sql.end();
  }
  return {
    orderNumber,
    customerEmail,
    async threadId(): Promise<string> {
      const db = postgres(database.url, { max: 1, onnotice: () => {} });
      try {
        const [row] = await db<{ id: string }[]>`select t.id from threads t join orders o on o.id = t.order_id where o.order_number = ${orderNumber}`;
        if (!row) throw new Error("no thread yet");
        return row.id;
      } finally {
        await db.end();
      }
    },
  };
}
