import { sql, type SQL } from "drizzle-orm";

/**
 * Why a message reopens a closed thread, or null when it leaves the thread as it is.
 * - "customer_message": the customer wrote (in the app or on a channel) after staff closed a thread
 *   the customer had seen; the thread gets a public "reopened" line.
 * - "first_public_message": the thread held internal notes only, so no one outside staff ever saw
 *   it, or its close; the first public message, from anyone, reopens it silently, since a
 *   "reopened" line or a close older than the conversation would tell of staff's hidden work.
 * An internal note never reopens: it is not part of the conversation outside staff.
 */
export type MessageReopenReason = "customer_message" | "first_public_message";

export interface ReopenFacts {
  /** The thread as the send found it, locked. */
  thread: { status: "open" | "closed"; lastPublicMessageAt: Date | null };
  message: { writtenAsCustomer: boolean; isInternal: boolean };
}

export function reopenReason({ thread, message }: ReopenFacts): MessageReopenReason | null {
  if (thread.status !== "closed" || message.isInternal) return null;
  if (thread.lastPublicMessageAt === null) return "first_public_message";
  return message.writtenAsCustomer ? "customer_message" : null;
}

/** Only a reopen the conversation's readers could notice is announced in it. */
export function announcesReopen(reason: MessageReopenReason | null): boolean {
  return reason === "customer_message";
}

/**
 * `reopenReason` as a SQL expression over the thread row `thread` (an alias in scope), for the send
 * statement, which decides on the row it has just locked. reopen-decision.test.ts holds both to
 * one table.
 */
export function reopenReasonSql(thread: string, message: ReopenFacts["message"]): SQL {
  const t = sql.raw(thread);
  return sql`CASE
    WHEN ${t}.status <> 'closed' OR ${message.isInternal}::boolean THEN NULL
    WHEN ${t}.last_public_message_at IS NULL THEN 'first_public_message'
    WHEN ${message.writtenAsCustomer}::boolean THEN 'customer_message'
  END`;
}
