import { readFileSync } from "node:fs";
import { join } from "node:path";
import { sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestDatabase, type TestDatabase } from "~/test/test-database";
import { queryRows } from "./client";
import { createOrderWithCustomer } from "~/test/messaging-fixtures";
import { messages, threads } from "./schema";

let t: TestDatabase;
beforeAll(async () => {
  t = await createTestDatabase();
});
afterAll(() => t.close());

interface Times {
  id: string;
  last_public_message_at: string | null;
  expected: string | null;
}

/** Each thread's stored time beside the newest non-internal message's, as text (microseconds). */
const compare = () =>
  queryRows<Times>(
    t.db,
    sql`SELECT threads.id, threads.last_public_message_at::text,
               (SELECT max(created_at) FROM messages WHERE thread_id = threads.id AND NOT is_internal)::text AS expected
        FROM threads ORDER BY threads.id`,
  );

describe("threads.last_public_message_at", () => {
  it("is seeded as the newest non-internal message's time (ORD-1001's note is newer and ignored)", async () => {
    const rows = await compare();
    expect(rows).toHaveLength(3);
    for (const row of rows) expect(row.last_public_message_at).toBe(row.expected);
  });

  it("is backfilled by migration 0003 the same way, notes-only threads left null", async () => {
    const migration = readFileSync(join(process.cwd(), "drizzle/0003_thread_last_public_message.sql"), "utf8");
    const backfill = migration.split("--> statement-breakpoint").find((statement) => /^\s*(--.*\n)*\s*UPDATE/.test(statement));
    if (!backfill) throw new Error("migration 0003 has no backfill UPDATE");

    const order = await createOrderWithCustomer(t);
    const [notesOnly] = await t.db.insert(threads).values({ storeId: order.storeId, orderId: order.orderId }).returning();
    if (!notesOnly) throw new Error("no thread");
    const admin = t.actor("admin@demo.test");
    await t.db.insert(messages).values({
      storeId: order.storeId,
      threadId: notesOnly.id,
      senderRole: "admin",
      senderId: admin.id,
      senderName: admin.name,
      content: "Staff only",
      isInternal: true,
    });
    await t.db.update(threads).set({ lastPublicMessageAt: null }).where(sql`true`);
    await queryRows(t.db, sql.raw(backfill));

    const rows = await compare();
    expect(rows).toHaveLength(4);
    expect(rows.find((row) => row.id === notesOnly.id)?.last_public_message_at).toBeNull();
    for (const row of rows) expect(row.last_public_message_at).toBe(row.expected);
  });
});
