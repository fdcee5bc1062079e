import { randomUUID } from "node:crypto";
import { eq, sql, type SQL } from "drizzle-orm";
import { env } from "~/env";
import type { RequestMeta } from "../audit/write-audit";
import { queryRows, type Database, type Transaction } from "../db/client";
import { inboundEvents } from "../db/schema";
import { applyDeliveryStatus } from "../delivery/apply-delivery-status";
import { DomainError } from "../errors";
import {
  ZParsedInbound,
  type InboundMessage,
  type InboundOrderEvent,
  type InboundProvider,
  type InboundStatus,
  type ParsedInbound,
} from "./inbound-message";
import { matchInboundToOrder } from "./match-inbound-to-order";
import { writeOrderEvent } from "./order-events/apply-order-event";
import { emitAfterCommit, writeMessage, type PendingDomainEvents } from "../messaging/send-message";

export interface ProcessOptions {
  replyDomain?: string;
  request: RequestMeta;
  /** An admin asked to match an unmatched message again (its order may have gained the sender's phone or email since). */
  rematchUnmatched?: boolean;
}

export type ProcessedStatus = "matched" | "unmatched" | "duplicate" | "ignored" | "failed";

export interface ProcessedEvent {
  id: string;
  status: ProcessedStatus | "received";
  error: string | null;
  /** Delivered before and already processed then: this call changed nothing. */
  repeated?: boolean;
  /** The domain refusal that failed it (an order event for an unknown order), for the caller's answer. */
  refusal?: DomainError;
}

/** The name a message is written under: the provider's display name, else the address or phone. */
const senderNameOf = (message: InboundMessage) => message.fromName?.trim() || message.from || "Unknown sender";

type Outcome = { status: ProcessedStatus; error: string | null; afterCommit: PendingDomainEvents } | null;

/** The statuses in which an event is processed (again) now. */
const dueStatuses = (options: ProcessOptions): readonly string[] =>
  options.rematchUnmatched ? ["received", "failed", "unmatched"] : ["received", "failed"];

/**
 * The event, locked and only while it is still due (SKIP LOCKED: a concurrent processor of the
 * same event holds it, and this one simply skips it). A subquery, so it can gate a statement.
 */
const claimEventSql = (eventId: string, options: ProcessOptions) =>
  sql`SELECT id FROM ${inboundEvents} WHERE id = ${eventId}::uuid AND status IN (${sql.join(
    dueStatuses(options).map((status) => sql`${status}`),
    sql`, `,
  )}) FOR UPDATE SKIP LOCKED`;

/**
 * Matches one stored event and writes what it means: a message in its order's thread (or the
 * unmatched queue), a delivery status, an order event. The event is claimed (locked while due) in
 * the statement or transaction that writes, and its new status commits together with the message,
 * so an event is matched exactly when its message exists. A failure rolls all of it back and
 * records the event as failed, to be retried.
 *
 * `stored` is the parsed part the caller has just stored under this id (the webhook's own call):
 * given, the event is not read back. A message costs two statements: its match (a read) and one
 * that claims the event, writes the message and links the event to it (send-message-statement.ts);
 * a delivery status one (apply-delivery-status.ts); an order event a transaction.
 */
export async function processInboundEvent(
  db: Database,
  eventId: string,
  options: ProcessOptions,
  stored?: ParsedInbound,
): Promise<ProcessedEvent> {
  try {
    let parsed = stored;
    if (!parsed) {
      const [event] = await db
        .select({ status: inboundEvents.status, error: inboundEvents.error, parsed: inboundEvents.parsed })
        .from(inboundEvents)
        .where(eq(inboundEvents.id, eventId));
      if (!event) return { id: eventId, status: "received", error: null };
      if (!dueStatuses(options).includes(event.status)) return { id: eventId, status: event.status, error: event.error };
      parsed = ZParsedInbound.parse(event.parsed);
    }
    const known = parsed;
    const outcome =
      known.kind === "order_event"
        ? await db.transaction((tx) => processOrderEvent(tx, eventId, known, options))
        : await processInOneStatement(db, known, storedEventSlot(eventId, options), options);
    if (!outcome) return currentState(db, eventId, options);
    emitAfterCommit(outcome.afterCommit);
    return { id: eventId, status: outcome.status, error: outcome.error };
  } catch (error) {
    return markFailed(db, eventId, error);
  }
}

/** An event this call could not claim: held by another processor ("received" to the caller), or no longer due. */
async function currentState(db: Database, eventId: string, options: ProcessOptions): Promise<ProcessedEvent> {
  const [event] = await db.select({ status: inboundEvents.status, error: inboundEvents.error }).from(inboundEvents).where(eq(inboundEvents.id, eventId));
  if (!event || dueStatuses(options).includes(event.status)) return { id: eventId, status: "received", error: null };
  return { id: eventId, status: event.status, error: event.error };
}

/** An event's outcome as SQL expressions over the statement that decides it. */
interface EventOutcome {
  status: SQL;
  error: SQL;
  /** The message it became and its order (messages only). */
  link?: { messageId: SQL; orderId: SQL; storeId: SQL; matchReason: SQL };
}

/**
 * Where an event's outcome is recorded, in the statement that decides it: on a stored event
 * (claimed while due), or as the event's row itself, inserted with its outcome.
 */
interface EventSlot {
  /** A SELECT with a row when this call records the outcome (StatementClaim.claim). */
  claim: SQL;
  /** Records the outcome where `when` holds; returns a row when it did. */
  record(outcome: EventOutcome, when: SQL): SQL;
}

function storedEventSlot(eventId: string, options: ProcessOptions): EventSlot {
  return {
    claim: claimEventSql(eventId, options),
    record: ({ status, error, link }, when) =>
      sql`UPDATE ${inboundEvents} SET status = ${status}, error = ${error},${
        link
          ? sql` message_id = ${link.messageId}, order_id = ${link.orderId}, store_id = ${link.storeId}, match_reason = ${link.matchReason},`
          : sql``
      } processed_at = now()
        WHERE id = ${eventId}::uuid AND ${when} RETURNING id`,
  };
}

/** An event a webhook call has verified and parsed, not stored yet. */
export interface NewInboundEvent {
  provider: InboundProvider;
  providerEventId: string;
  parsed: InboundMessage | InboundStatus;
  headers: Record<string, string>;
  rawBody: string;
}

/**
 * The event's row, inserted with its outcome. Always claimed: an event stored already (a repeat, or
 * one stored meanwhile) aborts the whole statement on the unique (provider, provider_event_id) index,
 * and the caller takes the usual way, which answers a repeat. No lookup before the insert: on the
 * plan-once pool its generic plan was fixed when a connection first ran it, and while inbound_events
 * was small that was a seq scan, kept as the table grew (issue 13: 1.1 M rows read in 1,200 scans
 * over one bench run, a third of the statement's 3 ms). The index does the same check for free.
 */
function newEventSlot(eventId: string, event: NewInboundEvent): EventSlot {
  return {
    claim: sql`SELECT true`,
    record: ({ status, error, link }, when) =>
      sql`INSERT INTO ${inboundEvents} (id, provider, provider_event_id, kind, parsed, headers, raw_body,
                                      status, error, message_id, order_id, store_id, match_reason, processed_at)
        SELECT ${eventId}::uuid, ${event.provider}::inbound_provider, ${event.providerEventId}::text, ${event.parsed.kind}::text,
               ${JSON.stringify(event.parsed)}::jsonb, ${JSON.stringify(event.headers)}::jsonb, ${event.rawBody}::text,
               ${status}, ${error}, ${link?.messageId ?? sql`NULL`}, ${link?.orderId ?? sql`NULL`}, ${link?.storeId ?? sql`NULL`},
               ${link?.matchReason ?? sql`NULL`}, now()
        WHERE ${when} RETURNING id`,
  };
}

/** Records an outcome that writes nothing else, in one statement; null when the slot was not claimed. */
async function finish(db: Database, slot: EventSlot, status: ProcessedStatus, error: string | null): Promise<Outcome> {
  const done = await queryRows<{ id: string }>(
    db,
    slot.record({ status: sql`${status}::inbound_status`, error: sql`${error}::text` }, sql`EXISTS (${slot.claim})`),
  );
  return done.length ? { status, error, afterCommit: [] } : null;
}

/** A message or a delivery status: one statement writes it and records the outcome in its slot. */
async function processInOneStatement(db: Database, parsed: InboundMessage | InboundStatus, slot: EventSlot, options: ProcessOptions): Promise<Outcome> {
  return parsed.kind === "message" ? processMessage(db, parsed, slot, options) : processStatus(db, parsed, slot);
}

const NO_DELIVERY = "No delivery has this provider id";

async function processStatus(db: Database, status: InboundStatus, slot: EventSlot): Promise<Outcome> {
  const applied = await applyDeliveryStatus(
    db,
    {
      provider: status.provider,
      providerMessageId: status.providerMessageId,
      status: status.status,
      ...(status.error ? { error: status.error } : {}),
      at: new Date(status.at),
    },
    {
      claim: slot.claim,
      // A repeated or late status still belongs to its delivery (matched); one for no delivery we
      // recorded (not ours, or sent before the worker stored its id) is kept as ignored.
      record: ({ claimed, found }) =>
        slot.record(
          {
            status: sql`(CASE WHEN ${found} THEN 'matched' ELSE 'ignored' END)::inbound_status`,
            error: sql`CASE WHEN ${found} THEN NULL ELSE ${NO_DELIVERY}::text END`,
          },
          claimed,
        ),
    },
  );
  if (!applied) return null;
  return applied.found ? { status: "matched", error: null, afterCommit: [] } : { status: "ignored", error: NO_DELIVERY, afterCommit: [] };
}

async function processMessage(db: Database, message: InboundMessage, slot: EventSlot, options: ProcessOptions): Promise<Outcome> {
  if (message.autoReply) return finish(db, slot, "ignored", `Not threaded: ${message.autoReply}`);
  // A read of orders: outside the claim, which the write below takes.
  const match = await matchInboundToOrder(db, message, { replyDomain: options.replyDomain });
  if (!match) return finish(db, slot, "unmatched", null);
  const written = await writeMessage(
    db,
    {
      kind: "inbound",
      customerId: match.customerId,
      senderName: senderNameOf(message),
      channel: message.channel,
      providerMessageId: message.providerMessageId,
    },
    { orderNumber: match.orderNumber, content: fitMessageLength(message.text) },
    options.request,
    {
      claim: slot.claim,
      record: ({ claimed, writtenId, duplicateId }) => {
        // The message written, else the earlier one this repeats.
        const messageId = sql`coalesce(${writtenId}, ${duplicateId})`;
        return slot.record(
          {
            status: sql`(CASE WHEN ${writtenId} IS NOT NULL THEN 'matched' ELSE 'duplicate' END)::inbound_status`,
            error: sql`NULL::text`,
            link: { messageId, orderId: sql`${match.orderId}::uuid`, storeId: sql`${match.storeId}::text`, matchReason: sql`${match.reason}::text` },
          },
          sql`${claimed} AND ${messageId} IS NOT NULL`,
        );
      },
    },
  );
  if (!written) return null;
  return { status: written.duplicate ? "duplicate" : "matched", error: null, afterCommit: written.afterCommit };
}

/**
 * A webhook call's one message or delivery status, stored together with what it means: ONE
 * statement inserts the event with its outcome and writes what it means (for a message, after the
 * match's read), one commit for the call. Null when it cannot be done so — the event is stored
 * already (a repeat), or the write failed (the database, a race, an order gone since the match) —
 * and the caller stores and processes it the usual way, which records any failure on the stored event.
 */
export async function storeProcessedEvent(db: Database, event: NewInboundEvent, options: ProcessOptions): Promise<ProcessedEvent | null> {
  const id = randomUUID();
  let outcome: Outcome;
  try {
    outcome = await processInOneStatement(db, event.parsed, newEventSlot(id, event), options);
  } catch {
    return null;
  }
  if (!outcome) return null;
  emitAfterCommit(outcome.afterCommit);
  return { id, status: outcome.status, error: outcome.error };
}

/** Order events take a transaction (the message, then the order's facts), with the event locked in it. */
async function processOrderEvent(tx: Transaction, eventId: string, event: InboundOrderEvent, options: ProcessOptions): Promise<Outcome> {
  const [stored] = await tx
    .select({ receivedAt: inboundEvents.receivedAt })
    .from(inboundEvents)
    .where(sql`${inboundEvents.id} IN (${claimEventSql(eventId, options)})`);
  if (!stored) return null;
  const applied = await writeOrderEvent(tx, event, options.request, { at: stored.receivedAt });
  const status = applied.duplicate ? "duplicate" : "matched";
  await tx
    .update(inboundEvents)
    .set({ status, error: null, messageId: applied.message.id, matchReason: "order_number", processedAt: sql`now()` })
    .where(eq(inboundEvents.id, eventId));
  return { status, error: null, afterCommit: applied.afterCommit };
}

const TRUNCATION_NOTE = "\n\n[Shortened here: the whole message is kept in the inbound events log.]";

/**
 * A customer's long email must still reach its thread (nothing accepted is lost): the core refuses
 * content over MESSAGE_MAX_LENGTH, so the thread gets the beginning and the raw event keeps all of it.
 */
export function fitMessageLength(text: string, max = env.MESSAGE_MAX_LENGTH): string {
  if (text.length <= max) return text;
  return text.slice(0, max - TRUNCATION_NOTE.length).replace(/[\uD800-\uDBFF]$/, "") + TRUNCATION_NOTE;
}

/** Processing attempts after which a transiently failing event waits for an admin's retry. */
export const INBOUND_MAX_ATTEMPTS = 5;
/** The sweep's wait before attempt n+1: 30 s · 2^(n-1), at most an hour. */
export const INBOUND_RETRY_BASE_SECONDS = 30;

async function markFailed(db: Database, eventId: string, error: unknown): Promise<ProcessedEvent> {
  const message = error instanceof DomainError ? error.message : error instanceof Error ? `${error.name}: ${error.message}` : String(error);
  // A domain refusal (an order event for an order we do not know) will fail the same way until
  // something changes: the provider's retry or an admin brings it back, not the sweep. Anything
  // else (the database restarting, a timeout) is worth trying again by itself, a bounded number of times.
  const transient = !(error instanceof DomainError);
  if (transient) console.error(`inbound event ${eventId} failed`, error);
  await db
    .update(inboundEvents)
    .set({
      status: "failed",
      error: message.slice(0, 2000),
      processedAt: sql`now()`,
      processAttempts: sql`${inboundEvents.processAttempts} + 1`,
      retryAt: transient
        ? sql`CASE WHEN ${inboundEvents.processAttempts} + 1 >= ${INBOUND_MAX_ATTEMPTS} THEN NULL
            ELSE now() + least(${INBOUND_RETRY_BASE_SECONDS}::int * power(2, ${inboundEvents.processAttempts}), 3600) * interval '1 second' END`
        : null,
    })
    .where(eq(inboundEvents.id, eventId));
  return { id: eventId, status: "failed", error: message, ...(error instanceof DomainError ? { refusal: error } : {}) };
}
