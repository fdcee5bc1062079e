import { randomUUID } from "node:crypto";
import { sql } from "drizzle-orm";
import { env } from "~/env";
import { canRecordOtherChannel, canWriteInternalNote, visibleOrdersWhere, type Actor } from "../access";
import { attachmentUrl, unusableAttachment } from "../attachments/link-attachments";
import type { RequestMeta } from "../audit/write-audit";
import type { Database, DbOrTx } from "../db/client";
import { DomainError, forbidden, invalid, notFound, rateLimited } from "../errors";
import { emitDomainEvents, type PendingDomainEvent, type PendingDomainEvents } from "../events/domain-events";
import type { MessageRow, MessageView } from "./message-view";
import { ATTACHMENT_TAKEN_SQLSTATE, runSendStatement, type SendClaim, type SendStatement, type StatementMessage } from "./send-message-statement";
import { sendRateLimit } from "./send-rate-limit";

export type { PendingDomainEvents } from "../events/domain-events";

/** Who writes a message. Every way a message enters (app, channels, order events) names one. */
export type MessageAuthor =
  // A signed-in person or an API token: the access policy decides, inside the statement, by orderNumber.
  | { kind: "actor"; actor: Actor }
  // A matched inbound channel message (email/WhatsApp/SMS, or "assign to order" from the unmatched queue):
  // written as senderRole "customer"; trusted (matching already decided the order); never echoed back out.
  | {
      kind: "inbound";
      customerId: string | null;
      senderName: string;
      channel: "email" | "whatsapp" | "sms";
      providerMessageId: string;
      /** The original time, e.g. when assigned from the unmatched queue later. */
      sentAt?: Date;
    }
  // The order system (order events): senderRole "system", messageType "system_event".
  | { kind: "system"; senderName?: string; /** The event id: idempotency. */ providerMessageId?: string };

export interface SendMessageInput {
  orderNumber: string;
  /** Stored exactly as sent; only the emptiness check trims. At most MESSAGE_MAX_LENGTH characters. */
  content: string;
  /** For actors: in_app unless an admin records a message that arrived elsewhere. */
  channel?: MessageRow["channel"];
  /** Admins only. */
  isInternal?: boolean;
  /** At most ATTACHMENTS_PER_MESSAGE; the author's own uploads not yet on a message. */
  attachmentIds?: readonly string[];
}

export interface WrittenMessage {
  message: MessageView;
  duplicate: boolean;
  afterCommit: PendingDomainEvents;
}

/** Display name of messages the system writes (reopen notices, order events without a name). */
const SYSTEM_SENDER_NAME = "Orderline";

const loneSurrogate = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

/**
 * Text Postgres can store exactly as given: it refuses NUL (a 500 if it got that far), and a lone
 * UTF-16 surrogate would be rewritten to U+FFFD on the way in. Channels hand the core provider text
 * that no zod schema has seen, so the core checks it itself.
 */
function isStorableText(text: string): boolean {
  return !text.includes("\u0000") && !loneSurrogate.test(text);
}

/** Staff and partners whose public replies go out to the customer on a channel. */
const REPLIES_GO_OUT: readonly Actor["role"][] = ["admin", "reseller", "supplier"];

/**
 * The author's checks that need no database, then the statement's description. Role checks come
 * first: a refused internal note or channel stores nothing and costs no round trip.
 */
function describeSend(db: DbOrTx, author: MessageAuthor, input: SendMessageInput, request: RequestMeta, claim: SendClaim | null): SendStatement {
  const isInternal = input.isInternal ?? false;
  const attachmentIds = input.attachmentIds ?? [];
  const actor = author.kind === "actor" ? author.actor : null;

  if (actor) {
    if (isInternal && !canWriteInternalNote(actor)) throw forbidden("Only staff can write internal notes");
    if ((input.channel ?? "in_app") !== "in_app" && !canRecordOtherChannel(actor)) {
      throw forbidden("Only staff can record messages from other channels");
    }
  } else if (isInternal) {
    throw forbidden("Only staff can write internal notes");
  }

  if (!isStorableText(input.content)) throw invalid("Content must be valid Unicode text without NUL characters");
  const blank = input.content.trim() === "";
  if (blank && attachmentIds.length === 0) throw invalid("A message needs content or an attachment");
  if (input.content.length > env.MESSAGE_MAX_LENGTH) {
    throw invalid(`A message holds at most ${env.MESSAGE_MAX_LENGTH} characters`);
  }
  if (attachmentIds.length > env.ATTACHMENTS_PER_MESSAGE) {
    throw invalid(`A message carries at most ${env.ATTACHMENTS_PER_MESSAGE} attachments`);
  }

  const channel = author.kind === "actor" ? (input.channel ?? "in_app") : author.kind === "inbound" ? author.channel : "in_app";
  const messageType = author.kind === "system" ? "system_event" : blank ? "attachment" : "text";
  const sender =
    author.kind === "actor"
      ? { role: author.actor.role, id: author.actor.id, name: author.actor.name }
      : author.kind === "inbound"
        ? { role: "customer" as const, id: author.customerId, name: author.senderName }
        : { role: "system" as const, id: null, name: author.senderName ?? SYSTEM_SENDER_NAME };

  if (!isStorableText(sender.name)) throw invalid("Sender name must be valid Unicode text without NUL characters");

  return {
    messageId: randomUUID(),
    orderNumber: input.orderNumber,
    // Inbound and system authors are trusted: matching or the signed event already chose the order.
    orderWhere: actor ? visibleOrdersWhere(db, actor) : sql`true`,
    rateLimit: actor ? sendRateLimit(actor.id) : null,
    sender,
    channel,
    messageType,
    content: input.content,
    isInternal,
    providerMessageId: author.kind === "actor" ? null : (author.providerMessageId ?? null),
    sentAt: author.kind === "inbound" ? (author.sentAt ?? null) : null,
    attachmentIds,
    attachmentUploader: actor ? actor.id : null,
    // The customer's rule applies to the customer however they wrote: in the app or on a channel.
    reopen: { writtenAsCustomer: sender.role === "customer", isInternal },
    reopenNotice: { senderName: SYSTEM_SENDER_NAME, content: `Conversation reopened: ${sender.name} wrote after it was closed.` },
    audit: {
      actorId: sender.id,
      actorRole: sender.role,
      ip: request.ip,
      userAgent: request.userAgent,
      metadata: { channel, isInternal, messageType },
    },
    // A message recorded from another channel (a phone call) is a record, not a reply to send, and
    // inbound and system messages are never echoed out.
    queuesDelivery: actor !== null && REPLIES_GO_OUT.includes(actor.role) && !isInternal && channel === "in_app",
    claim,
  };
}

function toView(author: MessageAuthor, m: StatementMessage): MessageView {
  return {
    ...m,
    attachments: m.attachments.map((a) => ({ ...a, url: attachmentUrl(a.id) })),
    // Your own message is read by you; no one has a receipt on a message this new.
    readByMe: author.kind === "actor" && m.senderId === author.actor.id,
    readBy: [],
  };
}

/**
 * Writes a message on an order's thread, creating the thread on the first message, in ONE
 * statement (send-message-statement.ts) on `db` or inside the caller's transaction. Returns the
 * events to emit once the caller has committed (`emitAfterCommit`).
 *
 * A repeat of the same (channel, providerMessageId) writes nothing and answers the first message
 * with `duplicate: true`. A public reply by staff or a partner queues one outbound delivery in the
 * same statement. With a claim (SendClaim), null when the claim did not hold: nothing written.
 */
export async function writeMessage(tx: DbOrTx, author: MessageAuthor, input: SendMessageInput, request: RequestMeta): Promise<WrittenMessage>;
export async function writeMessage(
  tx: DbOrTx,
  author: MessageAuthor,
  input: SendMessageInput,
  request: RequestMeta,
  claim: SendClaim,
): Promise<WrittenMessage | null>;
export async function writeMessage(
  tx: DbOrTx,
  author: MessageAuthor,
  input: SendMessageInput,
  request: RequestMeta,
  claim: SendClaim | null = null,
): Promise<WrittenMessage | null> {
  const statement = describeSend(tx, author, input, request, claim);
  let outcome;
  try {
    outcome = await runSendStatement(tx, statement);
  } catch (error) {
    throw translateStatementError(error);
  }
  switch (outcome.kind) {
    case "unclaimed":
      return null;
    case "rate_limited":
      throw rateLimited(statement.rateLimit?.retryAfterSeconds(outcome.oldestHit) ?? 1);
    case "not_found":
      throw notFound();
    case "unusable_attachment":
      throw unusableAttachment();
    case "duplicate":
      return { message: toView(author, outcome.message), duplicate: true, afterCommit: [] };
    case "written": {
      const { message, order, threadCreated, reopenReason, audience, notifiedUserIds } = outcome;
      const events: PendingDomainEvent[] = [
        {
          name: "MESSAGE_CREATED",
          payload: {
            messageId: message.id,
            threadId: message.threadId,
            orderId: order.id,
            orderNumber: order.orderNumber,
            storeId: order.storeId,
            isInternal: message.isInternal,
            channel: message.channel,
            senderRole: message.senderRole,
            senderId: message.senderId,
            threadCreated,
            audience,
            notifiedUserIds,
          },
        },
      ];
      if (reopenReason) {
        events.push({
          name: "THREAD_REOPENED",
          payload: { threadId: message.threadId, orderNumber: order.orderNumber, storeId: order.storeId, reopenedBy: message.senderId },
        });
      }
      return { message: toView(author, message), duplicate: false, afterCommit: events };
    }
  }
}

/** Emits what a write produced; call after the transaction that holds the write has committed. */
export function emitAfterCommit(events: PendingDomainEvents): void {
  emitDomainEvents(events);
}

/** The usual entry point: `writeMessage` as a statement of its own, then its events. */
export async function sendMessage(
  db: Database,
  author: MessageAuthor,
  input: SendMessageInput,
  request: RequestMeta,
): Promise<MessageView & { duplicate: boolean }> {
  let written: WrittenMessage;
  try {
    written = await writeMessage(db, author, input, request);
  } catch (error) {
    // Two deliveries of one provider message at the same moment: the unique index aborted this
    // statement, the other committed. Asked again, the statement finds it and writes nothing.
    if (!(error instanceof ProviderMessageRace)) throw error;
    written = await writeMessage(db, author, input, request);
  }
  emitAfterCommit(written.afterCommit);
  return { ...written.message, duplicate: written.duplicate };
}

/**
 * The same provider message written by another transaction while this statement ran: a 409 for a
 * caller's own transaction (it is aborted; the caller may retry), retried by `sendMessage`.
 */
class ProviderMessageRace extends DomainError {
  constructor() {
    super("CONFLICT", "This provider message is being written by another request");
  }
}

/** The driver's error (drizzle wraps it as `cause`). */
function driverError(error: unknown): { code?: string; constraint?: string; constraint_name?: string } | null {
  if (typeof error !== "object" || error === null) return null;
  const inner = (error as { cause?: unknown }).cause ?? error;
  return typeof inner === "object" && inner !== null ? (inner as { code?: string }) : null;
}

function translateStatementError(error: unknown): unknown {
  const cause = driverError(error);
  if (cause?.code === ATTACHMENT_TAKEN_SQLSTATE) return unusableAttachment();
  const constraint = cause?.constraint_name ?? cause?.constraint;
  if (cause?.code === "23505" && constraint === "messages_channel_provider_id_unique") return new ProviderMessageRace();
  return error;
}
