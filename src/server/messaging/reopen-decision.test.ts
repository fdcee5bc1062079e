import { sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { queryRows } from "~/server/db/client";
import { createTestDatabase, type TestDatabase } from "~/test/test-database";
import { announcesReopen, reopenReason, reopenReasonSql, type MessageReopenReason, type ReopenFacts } from "./reopen-decision";

/**
 * The reopen rule, written from the README's words rather than from the code: a customer (in the
 * app or on a channel) writing on a closed thread reopens it with a notice; staff and partner
 * replies leave it closed; a closed thread that held internal notes only is reopened silently by
 * the first public message, whoever writes it; an internal note never reopens. Both the pure
 * function and its SQL twin (used inside the send statement) are held to this table.
 */
const seen = new Date("2026-11-01T10:00:00Z");
const table: { status: "open" | "closed"; lastPublicMessageAt: Date | null; writtenAsCustomer: boolean; isInternal: boolean; expected: MessageReopenReason | null }[] = [
  { status: "closed", lastPublicMessageAt: seen, writtenAsCustomer: true, isInternal: false, expected: "customer_message" },
  { status: "closed", lastPublicMessageAt: seen, writtenAsCustomer: false, isInternal: false, expected: null },
  { status: "closed", lastPublicMessageAt: seen, writtenAsCustomer: false, isInternal: true, expected: null },
  { status: "closed", lastPublicMessageAt: null, writtenAsCustomer: true, isInternal: false, expected: "first_public_message" },
  { status: "closed", lastPublicMessageAt: null, writtenAsCustomer: false, isInternal: false, expected: "first_public_message" },
  { status: "closed", lastPublicMessageAt: null, writtenAsCustomer: false, isInternal: true, expected: null },
  { status: "open", lastPublicMessageAt: seen, writtenAsCustomer: true, isInternal: false, expected: null },
  { status: "open", lastPublicMessageAt: null, writtenAsCustomer: false, isInternal: false, expected: null },
  { status: "open", lastPublicMessageAt: null, writtenAsCustomer: false, isInternal: true, expected: null },
];
const name = (r: (typeof table)[number]) =>
  `${r.status}, ${r.lastPublicMessageAt ? "seen by the customer" : "internal notes only"}, ${r.writtenAsCustomer ? "customer" : "staff/partner"}${r.isInternal ? " internal note" : ""}`;
const cases = table.map((r) => ({ ...r, name: name(r) }));
const factsOf = (r: (typeof table)[number]): ReopenFacts => ({
  thread: { status: r.status, lastPublicMessageAt: r.lastPublicMessageAt },
  message: { writtenAsCustomer: r.writtenAsCustomer, isInternal: r.isInternal },
});

describe("reopenReason (pure)", () => {
  it.each(cases)("$name → $expected", (r) => {
    expect(reopenReason(factsOf(r))).toBe(r.expected);
  });
  it("announces only a reopen the customer could notice", () => {
    expect(announcesReopen("customer_message")).toBe(true);
    expect(announcesReopen("first_public_message")).toBe(false);
    expect(announcesReopen(null)).toBe(false);
  });
});

describe("reopenReasonSql agrees with reopenReason on a real thread row", () => {
  let t: TestDatabase;
  beforeAll(async () => {
    t = await createTestDatabase();
  });
  afterAll(() => t.close());

  it.each(cases)("$name → $expected", async (r) => {
    const facts = factsOf(r);
    const [row] = await queryRows<{ reason: MessageReopenReason | null }>(
      t.db,
      sql`SELECT ${reopenReasonSql("t", facts.message)} AS reason
          FROM (SELECT ${r.status}::thread_status AS status,
                       ${r.lastPublicMessageAt?.toISOString() ?? null}::timestamptz AS last_public_message_at) t`,
    );
    expect(row?.reason ?? null).toBe(r.expected);
  });
});
