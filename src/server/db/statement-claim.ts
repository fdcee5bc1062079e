import type { SQL } from "drizzle-orm";

/**
 * A row of the caller's that one data-modifying statement depends on and records its outcome on,
 * inside that same statement: an inbound event, claimed (locked, still due) before the write and
 * linked to what it wrote after, so no transaction is needed around the two.
 */
export interface StatementClaim<Outcome> {
  /** A SELECT that returns a row when the write may go ahead (and locks what it must). */
  claim: SQL;
  /**
   * A data-modifying statement recording the outcome, given SQL expressions over the statement:
   * `claimed` (whether the claim held) and the write's own outcome.
   */
  record: (outcome: Outcome & { claimed: SQL }) => SQL;
}
