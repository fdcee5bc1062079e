import { and, desc, eq, sql } from "drizzle-orm";
import { canManageInboundEvents, type Actor } from "../access";
import type { DbOrTx } from "../db/client";
import { inboundEvents, messages, orders } from "../db/schema";
import { forbidden, notFound } from "../errors";
import { decodeCursor, keysetTimestamp, pageSize, takePage } from "../paging/keyset-cursor";

export const INBOUND_PAGE_DEFAULT = 25;
export const INBOUND_PAGE_MAX = 100;

type EventRow = typeof inboundEvents.$inferSelect;

export interface ListInboundEventsInput {
  cursor?: string | null;
  limit?: number;
  status?: EventRow["status"];
  provider?: EventRow["provider"];
}

export interface InboundEventView {
  id: string;
  provider: EventRow["provider"];
  providerEventId: string;
  kind: EventRow["kind"];
  status: EventRow["status"];
  error: string | null;
  matchReason: string | null;
  orderNumber: string | null;
  messageId: string | null;
  /** The thread the event's message is in, once it has one: where the admin goes to answer. */
  threadId: string | null;
  /** Who sent it and what they wrote, from the parsed event (messages only). */
  channel: string | null;
  from: string | null;
  fromName: string | null;
  subject: string | null;
  text: string | null;
  sentAt: string | null;
  headers: Record<string, string>;
  rawBody: string;
  receivedAt: string;
  processedAt: string | null;
}

const str = (value: unknown) => (typeof value === "string" ? value : null);

export function toInboundEventView(row: EventRow & { orderNumber: string | null; threadId: string | null }): InboundEventView {
  const parsed = row.parsed ?? {};
  return {
    id: row.id,
    provider: row.provider,
    providerEventId: row.providerEventId,
    kind: row.kind,
    status: row.status,
    error: row.error,
    matchReason: row.matchReason,
    // Order events name their order; messages have one once matched or assigned.
    orderNumber: row.orderNumber ?? str(parsed.orderNumber),
    messageId: row.messageId,
    threadId: row.threadId,
    channel: str(parsed.channel),
    from: str(parsed.from),
    fromName: str(parsed.fromName),
    subject: str(parsed.subject),
    text: str(parsed.text),
    sentAt: str(parsed.sentAt),
    headers: row.headers,
    rawBody: row.rawBody,
    receivedAt: row.receivedAt.toISOString(),
    processedAt: row.processedAt?.toISOString() ?? null,
  };
}

/** An event with its order's number and its message's thread, as every view of it shows them. */
const withOrderAndThread = {
  event: inboundEvents,
  orderNumber: orders.orderNumber,
  threadId: messages.threadId,
  position: keysetTimestamp(inboundEvents.receivedAt),
};

function selectEvents(db: DbOrTx) {
  return db
    .select(withOrderAndThread)
    .from(inboundEvents)
    .leftJoin(orders, eq(orders.id, inboundEvents.orderId))
    .leftJoin(messages, eq(messages.id, inboundEvents.messageId));
}

/** One inbound event, for its detail pane and for the answer to assign and retry. */
export async function getInboundEvent(db: DbOrTx, actor: Actor, input: { eventId: string }): Promise<InboundEventView> {
  if (!canManageInboundEvents(actor)) throw forbidden("Admins only");
  const [row] = await selectEvents(db).where(eq(inboundEvents.id, input.eventId));
  if (!row) throw notFound("Inbound event");
  return toInboundEventView({ ...row.event, orderNumber: row.orderNumber, threadId: row.threadId });
}

/**
 * The inbound events log, newest first, keyset paged on (received_at, id) — served by
 * inbound_events_received_idx, or inbound_events_status_received_idx with a status (the
 * unmatched queue), at any depth.
 */
export async function listInboundEvents(
  db: DbOrTx,
  actor: Actor,
  input: ListInboundEventsInput,
): Promise<{ events: InboundEventView[]; nextCursor: string | null }> {
  if (!canManageInboundEvents(actor)) throw forbidden("Admins only");
  const limit = pageSize(input.limit, { default: INBOUND_PAGE_DEFAULT, max: INBOUND_PAGE_MAX });
  const after = input.cursor ? decodeCursor(input.cursor) : null;
  const rows = await selectEvents(db)
    .where(
      and(
        input.status ? eq(inboundEvents.status, input.status) : undefined,
        input.provider ? eq(inboundEvents.provider, input.provider) : undefined,
        after ? sql`(${inboundEvents.receivedAt}, ${inboundEvents.id}) < (${after.at}::timestamptz, ${after.id}::uuid)` : undefined,
      ),
    )
    .orderBy(desc(inboundEvents.receivedAt), desc(inboundEvents.id))
    .limit(limit + 1);
  const { page, nextCursor } = takePage(rows, limit, (r) => ({ at: r.position, id: r.event.id }));
  return { events: page.map((r) => toInboundEventView({ ...r.event, orderNumber: r.orderNumber, threadId: r.threadId })), nextCursor };
}
