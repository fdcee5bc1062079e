import { eq, sql } from "drizzle-orm";
import { env } from "~/env";
import type { RequestMeta } from "../audit/write-audit";
import type { Database } from "../db/client";
import { inboundEvents } from "../db/schema";
import { applyDeliveryStatus } from "../delivery/apply-delivery-status";
import { DomainError } from "../errors";
import { ZParsedInbound, type InboundMessage } from "./inbound-message";
import { matchInboundToOrder } from "./match-inbound-to-order";
import { writeOrderEvent } from "./order-events/apply-order-event";
import { emitAfterCommit, writeMessage } from "../messaging/send-message";

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

/**
 * Matches one stored event and writes what it means: a message in its order's thread (or the
 * unmatched queue), a delivery status, an order event. The event row is locked for the whole
 * transaction (SKIP LOCKED: a concurrent processor of the same event simply skips it), and its new
 * status commits together with the message, so an event is matched exactly when its message
 * exists. A failure rolls all of it back and records the event as failed, to be retried.
 */
export async function processInboundEvent(db: Database, eventId: string, options: ProcessOptions): Promise<ProcessedEvent> {
  try {
    const outcome = await db.transaction(async (tx) => {
      const [event] = await tx
        .select()
        .from(inboundEvents)
        .where(eq(inboundEvents.id, eventId))
        .for("update", { skipLocked: true });
      if (!event) return null;
      const due = event.status === "received" || event.status === "failed" || (options.rematchUnmatched && event.status === "unmatched");
      if (!due) {
        return { status: event.status as ProcessedStatus, error: event.error, afterCommit: [] };
      }
      const parsed = ZParsedInbound.parse(event.parsed);
      const finish = async (
        status: ProcessedStatus,
        fields: { orderId?: string | null; storeId?: string | null; messageId?: string | null; matchReason?: string | null; error?: string | null },
      ) => {
        await tx
          .update(inboundEvents)
          .set({ status, error: null, ...fields, processedAt: sql`now()` })
          .where(eq(inboundEvents.id, eventId));
        return { status, error: fields.error ?? null };
      };

      switch (parsed.kind) {
        case "status": {
          const { found } = await applyDeliveryStatus(tx, {
            provider: parsed.provider,
            providerMessageId: parsed.providerMessageId,
            status: parsed.status,
            ...(parsed.error ? { error: parsed.error } : {}),
            at: new Date(parsed.at),
          });
          // A repeated or late status still belongs to its delivery (matched); one for no delivery we
          // recorded (not ours, or sent before the worker stored its id) is kept as ignored.
          return { ...(await finish(found ? "matched" : "ignored", found ? {} : { error: "No delivery has this provider id" })), afterCommit: [] };
        }
        case "order_event": {
          const applied = await writeOrderEvent(tx, parsed, options.request, { at: event.receivedAt });
          const linked = await finish(applied.duplicate ? "duplicate" : "matched", {
            messageId: applied.message.id,
            matchReason: "order_number",
          });
          return { ...linked, afterCommit: applied.afterCommit };
        }
        case "message": {
          if (parsed.autoReply) {
            return { ...(await finish("ignored", { error: `Not threaded: ${parsed.autoReply}` })), afterCommit: [] };
          }
          const match = await matchInboundToOrder(tx, parsed, { replyDomain: options.replyDomain });
          if (!match) return { ...(await finish("unmatched", {})), afterCommit: [] };
          const written = await writeMessage(
            tx,
            {
              kind: "inbound",
              customerId: match.customerId,
              senderName: senderNameOf(parsed),
              channel: parsed.channel,
              providerMessageId: parsed.providerMessageId,
            },
            { orderNumber: match.orderNumber, content: fitMessageLength(parsed.text) },
            options.request,
          );
          const status = written.duplicate ? "duplicate" : "matched";
          const linked = await finish(status, {
            orderId: match.orderId,
            storeId: match.storeId,
            messageId: written.message.id,
            matchReason: match.reason,
          });
          return { ...linked, afterCommit: written.afterCommit };
        }
      }
    });
    if (!outcome) return { id: eventId, status: "received", error: null };
    emitAfterCommit(outcome.afterCommit);
    return { id: eventId, status: outcome.status, error: outcome.error };
  } catch (error) {
    return markFailed(db, eventId, error);
  }
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
