import { sql } from "drizzle-orm";
import { queryRows, type DbOrTx } from "../db/client";
import { emailMessageIdSql, type ClaimedDelivery } from "./claim-due-deliveries";

/**
 * Every write of an attempt is fenced by (status 'sending', attempts): a worker whose lease ran
 * out while it was stuck finds its row taken again and writes nothing. Each returns whether it wrote.
 */
const fence = (row: Pick<ClaimedDelivery, "id" | "attempts">) =>
  sql`id = ${row.id} AND status = 'sending' AND attempts = ${row.attempts}`;

async function wrote(db: DbOrTx, query: ReturnType<typeof sql>): Promise<boolean> {
  return (await queryRows<{ id: string }>(db, query)).length > 0;
}

export function recordSent(
  db: DbOrTx,
  row: Pick<ClaimedDelivery, "id" | "attempts">,
  result: { providerMessageId: string; captured?: string | null },
) {
  return wrote(
    db,
    sql`UPDATE deliveries
        SET status = 'sent', provider_message_id = ${result.providerMessageId}, captured_mail = ${result.captured ?? null},
            sent_at = now(), last_error = NULL, updated_at = now()
        WHERE ${fence(row)} RETURNING id`,
  );
}

/** Another try later (or 'failed' for good when this was the last allowed attempt). */
export function recordAttemptFailed(
  db: DbOrTx,
  row: Pick<ClaimedDelivery, "id" | "attempts">,
  failure: { reason: string; retryInMs: number | null },
) {
  const status = failure.retryInMs === null ? "failed" : "pending";
  return wrote(
    db,
    sql`UPDATE deliveries
        SET status = ${status}, last_error = ${failure.reason},
            next_attempt_at = now() + ${failure.retryInMs ?? 0} * interval '1 millisecond', updated_at = now()
        WHERE ${fence(row)} RETURNING id`,
  );
}

export function recordCancelled(db: DbOrTx, row: Pick<ClaimedDelivery, "id" | "attempts">, reason: string) {
  return wrote(
    db,
    sql`UPDATE deliveries SET status = 'cancelled', last_error = ${reason}, updated_at = now()
        WHERE ${fence(row)} RETURNING id`,
  );
}

/**
 * Moves the row to email with the reason recorded, keeping it 'sending' for this attempt. False
 * when the row was taken again, or when an email delivery of this message to that address
 * already exists (the unique key): then the caller cancels this one as covered by it.
 */
export async function recordFallbackToEmail(
  db: DbOrTx,
  row: ClaimedDelivery,
  fallback: { reason: string; replyDomain: string },
): Promise<{ kind: "moved"; providerMessageId: string } | { kind: "duplicate" } | { kind: "lost" }> {
  try {
    const [moved] = await queryRows<{ provider_message_id: string }>(
      db,
      sql`UPDATE deliveries
          SET fallback_from = channel, fallback_reason = ${fallback.reason}, channel = 'email',
              recipient = ${row.customerEmail},
              provider_message_id = ${emailMessageIdSql(sql`id`, fallback.replyDomain)}, updated_at = now()
          WHERE ${fence(row)} RETURNING provider_message_id`,
    );
    return moved ? { kind: "moved", providerMessageId: moved.provider_message_id } : { kind: "lost" };
  } catch (error) {
    if (isUniqueViolation(error)) return { kind: "duplicate" };
    throw error;
  }
}

/** Drizzle wraps the driver's error: the Postgres code may sit a cause or two down. */
function isUniqueViolation(error: unknown): boolean {
  for (let e = error, depth = 0; e && depth < 5; e = (e as { cause?: unknown }).cause, depth++) {
    if ((e as { code?: unknown }).code === "23505") return true;
  }
  return false;
}
