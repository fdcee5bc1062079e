import type { Actor } from "../access";
import type { DbOrTx } from "../db/client";
import { auditLog } from "../db/schema";

/** Where a request came from; recorded on every audit row. */
export interface RequestMeta {
  ip: string | null;
  userAgent: string | null;
}

export const noRequestMeta: RequestMeta = { ip: null, userAgent: null };

export type AuditAction =
  | "message.created"
  | "message.read"
  | "thread.created"
  | "thread.closed"
  | "thread.reopened"
  | "attachment.uploaded"
  | "attachment.abandoned_removed"
  | "api_token.created"
  | "api_token.revoked"
  | "inbound.assigned"
  | "inbound.retried";

export interface AuditEntry {
  /** null for the system itself (order events, inbound channels without a known user). */
  actor: Pick<Actor, "id" | "role"> | null;
  action: AuditAction;
  storeId?: string | null;
  orderId?: string | null;
  threadId?: string | null;
  messageId?: string | null;
  metadata?: Record<string, unknown>;
}

/** Call inside the transaction that makes the change, so the row exists exactly when the change does. */
export async function writeAudit(tx: DbOrTx, entry: AuditEntry, request: RequestMeta): Promise<void> {
  await writeAudits(tx, [entry], request);
}

/** Rows per INSERT: 10 parameters each, and Postgres takes at most 65,535 per statement. */
const AUDIT_BATCH = 1000;

/** Several rows of one request (e.g. a receipt per message read at once), a few INSERTs at most. */
export async function writeAudits(tx: DbOrTx, entries: readonly AuditEntry[], request: RequestMeta): Promise<void> {
  for (let from = 0; from < entries.length; from += AUDIT_BATCH) {
    await insertAuditRows(tx, entries.slice(from, from + AUDIT_BATCH), request);
  }
}

async function insertAuditRows(tx: DbOrTx, entries: readonly AuditEntry[], request: RequestMeta): Promise<void> {
  await tx.insert(auditLog).values(
    entries.map((entry) => ({
      actorId: entry.actor?.id ?? null,
      actorRole: entry.actor?.role ?? ("system" as const),
      action: entry.action,
      storeId: entry.storeId ?? null,
      orderId: entry.orderId ?? null,
      threadId: entry.threadId ?? null,
      messageId: entry.messageId ?? null,
      ip: request.ip,
      userAgent: request.userAgent,
      metadata: entry.metadata ?? {},
    })),
  );
}
