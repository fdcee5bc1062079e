import { sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestDatabase, type TestDatabase } from "~/test/test-database";
import type { Actor } from "../access";
import { queryRows } from "../db/client";
import { buildSearchQuery, SEARCH_GIN_ROWS_MAX } from "./search-messages";

// A database of its own: the 9,000 messages below would crowd every other search test's answers.
let t: TestDatabase;
let admin: Actor;
const MID_WORD_HITS = 9000;
const COMMON_WORD_HITS = 14_000;
beforeAll(async () => {
  t = await createTestDatabase();
  admin = t.actor("admin@demo.test");
  // A mid-frequency word (9,000 hits: the 1 M-message bench measured GIN + sort faster than the time
  // walk up to ~12 k), spread over a year so the newest hits are not all at the top of the index.
  await t.db.execute(sql`
    INSERT INTO messages (store_id, thread_id, sender_role, sender_name, content, created_at)
    SELECT threads.store_id, threads.id, 'system', 'Import', 'midword ' || n, now() - n * interval '1 hour'
    FROM generate_series(1, ${MID_WORD_HITS}) n, (SELECT id, store_id FROM threads ORDER BY id LIMIT 1) threads`);
  await t.db.execute(sql`
    INSERT INTO messages (store_id, thread_id, sender_role, sender_name, content, created_at)
    SELECT threads.store_id, threads.id, 'system', 'Import', 'commonword ' || n, now() - n * interval '1 minute'
    FROM generate_series(1, ${COMMON_WORD_HITS}) n, (SELECT id, store_id FROM threads ORDER BY id LIMIT 1) threads`);
  await t.db.execute(sql`ANALYZE messages`);
}, 60_000);
afterAll(() => t.close());

async function planOf(keyword: string): Promise<string> {
  const { query } = await buildSearchQuery(t.db, admin, { keyword, limit: 20 });
  return t.db.transaction(async (tx) => {
    // Sequential scans and sorts priced out: a plan that can be served in order by an index is.
    for (const setting of ["enable_seqscan", "enable_sort"]) await tx.execute(sql.raw(`SET LOCAL ${setting} = off`));
    const rows = await queryRows<{ "QUERY PLAN": string }>(tx, sql`EXPLAIN ${query.getSQL()}`);
    return rows.map((r) => r["QUERY PLAN"]).join("\n");
  });
}

/** The lines of the plan under `Subquery Scan on chosen`: how search picks its page. */
function chosenPart(plan: string): string {
  const lines = plan.split("\n");
  const start = lines.findIndex((line) => line.includes("Subquery Scan on chosen"));
  expect(start).toBeGreaterThanOrEqual(0);
  const indent = (line: string) => line.search(/\S/);
  const end = lines.findIndex((line, i) => i > start && indent(line) <= indent(lines[start]!));
  return lines.slice(start, end < 0 ? undefined : end).join("\n");
}

describe("search's choice between the GIN index and the time walk", () => {
  it("fetches a mid-frequency word's hits through the GIN index and sorts them", async () => {
    const [estimate] = await queryRows<{ "QUERY PLAN": unknown }>(
      t.db,
      sql`EXPLAIN (FORMAT JSON) SELECT 1 FROM messages WHERE search_vector @@ websearch_to_tsquery('english', 'midword')`,
    );
    const planned = (estimate!["QUERY PLAN"] as { Plan: { "Plan Rows": number } }[])[0]!.Plan["Plan Rows"];
    expect(planned).toBeGreaterThan(5000);
    expect(planned).toBeLessThanOrEqual(SEARCH_GIN_ROWS_MAX);

    // The page is chosen in the `chosen` subquery; above it its rows are only joined back (with
    // sorts priced out, that join may well walk an index to keep the final order).
    const plan = chosenPart(await planOf("midword"));
    expect(plan).toContain("messages_search_idx");
    expect(plan).toMatch(/Sort Key/);
    expect(plan).not.toContain("messages_created_idx");
    // An admin's page without thread filters is chosen from messages alone: joining threads made
    // the planner hash all of them for a handful of hits.
    expect(plan).not.toMatch(/ on threads/);
  });

  it("walks messages_created_idx newest first for a word above the threshold", async () => {
    const plan = await planOf("commonword");
    expect(plan).toContain("messages_created_idx");
    expect(plan).not.toMatch(/Sort Key/);
  });
});
