/**
 * The statements the floors run, shared by the bare node:http ceiling and the bench-only Next.js
 * routes, so "one INSERT" and "one SELECT of 50 rows" are the same SQL on both sides.
 * Only the bench imports this (a normal build has no route that does).
 */
import postgres from "postgres";
import { FLOOR_ORDER_NUMBER } from "./config";

export interface FloorSql {
  insert(content: string): Promise<{ id: string }>;
  select50(): Promise<readonly unknown[]>;
}

/** Same driver and pool size as the app (connectPostgres: postgres-js, max 10). */
export function createFloorSql(url: string): FloorSql {
  const sql = postgres(url, { max: 10, onnotice: () => {} });
  const target = sql<{ id: string; store_id: string }[]>`
    SELECT threads.id, threads.store_id FROM threads JOIN orders ON orders.id = threads.order_id
    WHERE orders.order_number = ${FLOOR_ORDER_NUMBER}`.then((rows) => {
    if (!rows[0]) throw new Error("no floor thread: run the bench generator");
    return rows[0];
  });
  // Long threads, so every SELECT returns a full page of 50 like the thread view's first page.
  const longThreads = sql<{ thread_id: string }[]>`
    SELECT thread_id FROM messages GROUP BY thread_id HAVING count(*) >= 50 LIMIT 500`.then((rows) => rows.map((r) => r.thread_id));
  let next = 0;
  return {
    async insert(content) {
      const t = await target;
      const [row] = await sql<{ id: string }[]>`
        INSERT INTO messages (store_id, thread_id, sender_role, sender_name, message_type, content)
        VALUES (${t.store_id}, ${t.id}, 'system', 'Floor', 'system_event', ${content}) RETURNING id`;
      return row!;
    },
    async select50() {
      const ids = await longThreads;
      const threadId = ids[next++ % ids.length]!;
      return sql`
        SELECT id, thread_id, sender_role, sender_id, sender_name, channel, message_type, content, is_internal, created_at
        FROM messages WHERE thread_id = ${threadId} ORDER BY created_at, id LIMIT 50`;
    },
  };
}
