import { sql, type SQL } from "drizzle-orm";
import { threadHasPublicMessages } from "../access";
import { linkableAttachmentsWhere } from "../attachments/link-attachments";
import type { AuditAction } from "../audit/write-audit";
import { planOnce, queryRows, type DbOrTx } from "../db/client";
import type { StatementClaim } from "../db/statement-claim";
import type { MessageAudience } from "../events/domain-events";
import { notificationsInsertSql } from "../notify/notify-on-message";
import type { AttachmentView, MessageRow, MessageView } from "./message-view";
import { reopenReasonSql, type MessageReopenReason, type ReopenFacts } from "./reopen-decision";
import type { SendRateLimit } from "./send-rate-limit";

/**
 * The whole send as ONE data-modifying statement: rate limit, access check, idempotency check,
 * thread upsert and activity times, reopen decision, message (and reopen notice), attachment
 * links, audit rows, the outbox row and the in-app notifications; it also returns who is on the
 * order (the audience the broadcast after commit needs) instead of leaving a query to it. Each round trip to Postgres costs more than Postgres's
 * work here (issue 13 measured a send of ~12 statements at a sixth of a one-INSERT route), and a
 * single statement is atomic without BEGIN/COMMIT.
 *
 * How the pieces stay correct inside one snapshot:
 * - Every write is gated on `go`: the order is visible to the author (the access predicate from
 *   access/, inside the WHERE), the rate limit recorded the hit, the provider message id is new and
 *   every attachment id is linkable. Otherwise nothing but the rate-limit hit is written and the
 *   final row says why.
 * - The thread is found and locked by `INSERT … ON CONFLICT DO UPDATE`: it returns and locks the
 *   current row even when another transaction created it after this statement's snapshot (DO
 *   NOTHING would return nothing, a plain SELECT would not see it). The DO UPDATE is also the
 *   thread's only update in the statement (Postgres cannot update one row twice in a statement),
 *   so it sets the activity times and takes the reopen decision on the locked row, and records
 *   the decision in reopened_at / reopen_reason, the only way RETURNING can report it.
 * - Per-thread time order is commit order: the time is stamped inside the DO UPDATE, after the
 *   row lock, and kept at least 2 µs after the thread's previous activity (greatest(…)), so a clock
 *   step backwards cannot put a message before its predecessor. The message takes that time; a
 *   reopen notice takes one microsecond less, so it sorts just before the message.
 * - A condition known only after a write ran (an attachment another send linked while this one
 *   waited for the row lock) aborts the statement through orderline_refuse(), rolling back every
 *   write of it. The same (channel, provider message id) sent twice at the same moment hits the
 *   unique index, which aborts the later statement; send-message.ts then answers with the first.
 * - A caller's claim (an inbound event) is one more gate on `go`, and its record of the outcome
 *   one more write of the statement: the message and its event's new status commit together.
 */
export interface SendStatement {
  /** Chosen here, so the attachment links, audit row and outbox row can name it. */
  messageId: string;
  orderNumber: string;
  /** Which orders the author may write on: visibleOrdersWhere(actor), or true for trusted authors. */
  orderWhere: SQL;
  rateLimit: SendRateLimit | null;
  sender: { role: MessageRow["senderRole"]; id: string | null; name: string };
  channel: MessageRow["channel"];
  messageType: MessageRow["messageType"];
  content: string;
  isInternal: boolean;
  providerMessageId: string | null;
  /** The message's original time (an inbound message assigned later); null: now. */
  sentAt: Date | null;
  attachmentIds: readonly string[];
  /** Whose uploads may be linked (null: files the system stored, without an uploader). */
  attachmentUploader: string | null;
  reopen: ReopenFacts["message"];
  reopenNotice: { senderName: string; content: string };
  audit: { actorId: string | null; actorRole: MessageRow["senderRole"]; ip: string | null; userAgent: string | null; metadata: Record<string, unknown> };
  /** Queue one outbound delivery to the customer (a public staff or partner reply). */
  queuesDelivery: boolean;
  claim: SendClaim | null;
}

/**
 * An inbound event the send depends on: the outcome is the written message's id, or the earlier
 * message's id when the statement answers `duplicate` (each null when not the case).
 */
export type SendClaim = StatementClaim<{ writtenId: SQL; duplicateId: SQL }>;

/** The message as the statement returns it: a view before the reader's receipts and download urls. */
export type StatementMessage = Omit<MessageView, "attachments" | "readByMe" | "readBy"> & {
  attachments: Omit<AttachmentView, "url">[];
};

export type SendStatementOutcome =
  | { kind: "unclaimed" }
  | { kind: "rate_limited"; oldestHit: number | null }
  | { kind: "not_found" }
  | { kind: "unusable_attachment" }
  | { kind: "duplicate"; message: StatementMessage; order: { id: string; storeId: string } }
  | {
      kind: "written";
      message: StatementMessage;
      order: { id: string; storeId: string; orderNumber: string };
      threadCreated: boolean;
      reopenReason: MessageReopenReason | null;
      deliveries: { id: string; channel: MessageRow["channel"]; recipient: string }[];
      audience: MessageAudience;
      /** Users given an in-app notification by this send. */
      notifiedUserIds: string[];
    };

/** Raised by orderline_refuse() when an attachment was taken by a concurrent send. */
export const ATTACHMENT_TAKEN_SQLSTATE = "OL400";

const auditActions = {
  threadCreated: "thread.created",
  threadReopened: "thread.reopened",
  messageCreated: "message.created",
} as const satisfies Record<string, AuditAction>;

/** A message row (alias `m`, with `order_number` in scope as `o`) as the JSON the outcome carries. */
function messageJson(m: string, orderNumber: SQL, attachments: SQL): SQL {
  const a = sql.raw(m);
  return sql`json_build_object(
    'id', ${a}.id, 'threadId', ${a}.thread_id, 'orderNumber', ${orderNumber},
    'senderRole', ${a}.sender_role, 'senderId', ${a}.sender_id, 'senderName', ${a}.sender_name,
    'channel', ${a}.channel, 'messageType', ${a}.message_type, 'content', ${a}.content,
    'isInternal', ${a}.is_internal,
    'createdAt', to_char(${a}.created_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"'),
    'attachments', ${attachments})`;
}

const attachmentJson = (f: string) =>
  sql.raw(`json_build_object('id', ${f}.id, 'fileName', ${f}.file_name, 'contentType', ${f}.content_type, 'size', ${f}.size)`);

export function sendStatementSql(s: SendStatement): SQL {
  const ids = [...new Set(s.attachmentIds)];
  const linkable = linkableAttachmentsWhere(s.attachmentUploader, ids);
  const messageId = sql`${s.messageId}::uuid`;
  const rateLimitHit = s.rateLimit ? s.rateLimit.hit : sql`SELECT true AS recorded`;
  // A null provider id matches nothing (= NULL), so the CTE keeps one shape for every author.
  const duplicate = sql`SELECT m.*, o.id AS order_id, o.store_id AS order_store_id, o.order_number
    FROM messages m JOIN threads ON threads.id = m.thread_id JOIN orders o ON o.id = threads.order_id
    WHERE m.channel = ${s.channel}::channel AND m.provider_message_id = ${s.providerMessageId}::text`;
  const sentAt = s.sentAt ? sql`${s.sentAt.toISOString()}::timestamptz` : sql`NULL::timestamptz`;
  const reopenReason = reopenReasonSql("t", s.reopen);

  return sql`
WITH rl AS (${rateLimitHit}),
claimed AS (${s.claim ? s.claim.claim : sql`SELECT true`}),
ord AS (
  SELECT orders.id, orders.store_id, orders.order_number, orders.customer_id, orders.customer_email, orders.customer_phone
  FROM orders
  WHERE orders.order_number = ${s.orderNumber} AND ${s.orderWhere}
  LIMIT 1
),
dup AS (${duplicate}),
att AS (SELECT count(*)::int AS n FROM attachments WHERE ${linkable}),
go AS (
  SELECT ord.* FROM ord
  WHERE EXISTS (SELECT 1 FROM claimed) AND EXISTS (SELECT 1 FROM rl) AND NOT EXISTS (SELECT 1 FROM dup) AND (SELECT n FROM att) = ${ids.length}::int
),
th AS (
  INSERT INTO threads AS t (store_id, order_id, last_message_at, last_public_message_at)
  SELECT go.store_id, go.id, z.s, CASE WHEN ${s.isInternal}::boolean THEN NULL ELSE z.s END
  FROM go CROSS JOIN (SELECT clock_timestamp() AS s) z
  ON CONFLICT (store_id, order_id) DO UPDATE
  SET (last_message_at, last_public_message_at, status, closed_at, closed_by, reopened_at, reopen_reason) = (
    SELECT z.s,
           CASE WHEN ${s.isInternal}::boolean THEN t.last_public_message_at ELSE z.s END,
           CASE WHEN r.reason IS NULL THEN t.status ELSE 'open'::thread_status END,
           CASE WHEN r.reason IS NULL THEN t.closed_at END,
           CASE WHEN r.reason IS NULL THEN t.closed_by END,
           CASE WHEN r.reason IS NULL THEN t.reopened_at ELSE z.s END,
           coalesce(r.reason, t.reopen_reason)
    FROM (SELECT greatest(clock_timestamp(), t.last_message_at + interval '2 microseconds') AS s) z
    CROSS JOIN (SELECT ${reopenReason} AS reason) r
  )
  RETURNING t.id, t.store_id, t.last_message_at, (t.xmax = 0) AS created, ${threadHasPublicMessages("t")} AS has_public_messages,
    -- reopened by this statement: the decision stamped reopened_at with this statement's time
    CASE WHEN t.reopened_at = t.last_message_at AND t.reopen_reason <> 'staff' THEN t.reopen_reason END AS reopened_because
),
msg AS (
  INSERT INTO messages (id, store_id, thread_id, sender_role, sender_id, sender_name, channel, message_type,
                        content, is_internal, provider_message_id, created_at)
  SELECT v.id, th.store_id, th.id, v.sender_role, v.sender_id, v.sender_name, v.channel, v.message_type,
         v.content, v.is_internal, v.provider_message_id, v.created_at
  FROM th CROSS JOIN LATERAL (VALUES
    (gen_random_uuid(), 'system'::sender_role, NULL::uuid, ${s.reopenNotice.senderName}, 'in_app'::channel,
     'system_event'::message_type, ${s.reopenNotice.content}, false, NULL::text,
     th.last_message_at - interval '1 microsecond', th.reopened_because IS NOT DISTINCT FROM 'customer_message'),
    (${messageId}, ${s.sender.role}::sender_role, ${s.sender.id}::uuid, ${s.sender.name}, ${s.channel}::channel,
     ${s.messageType}::message_type, ${s.content}, ${s.isInternal}::boolean, ${s.providerMessageId}::text,
     -- least: a provider's clock ahead of ours (an email's Date header) never dates a message after
     -- its thread's activity, which thread-first search pages rely on (thread-first-page.ts).
     least(${sentAt}, th.last_message_at), true)
  ) AS v(id, sender_role, sender_id, sender_name, channel, message_type, content, is_internal, provider_message_id, created_at, wanted)
  WHERE v.wanted
  RETURNING messages.*
),
linked AS (
  UPDATE attachments SET message_id = msg.id, store_id = msg.store_id
  FROM msg
  WHERE msg.id = ${messageId} AND ${linkable}
  RETURNING attachments.id, attachments.file_name, attachments.content_type, attachments.size, attachments.created_at
),
audit AS (
  INSERT INTO audit_log (actor_id, actor_role, action, store_id, order_id, thread_id, message_id, ip, user_agent, metadata)
  SELECT ${s.audit.actorId}::uuid, ${s.audit.actorRole}::sender_role, a.action, th.store_id, go.id, th.id, a.message_id,
         ${s.audit.ip}::text, ${s.audit.userAgent}::text, a.metadata
  FROM th CROSS JOIN go CROSS JOIN LATERAL (VALUES
    (1, ${auditActions.threadCreated}, NULL::uuid, '{}'::jsonb, th.created),
    (2, ${auditActions.threadReopened}, NULL::uuid, jsonb_build_object('reason', th.reopened_because), th.reopened_because IS NOT NULL),
    (3, ${auditActions.messageCreated}, ${messageId}, ${JSON.stringify({ ...s.audit.metadata, attachmentIds: ids })}::jsonb, true)
  ) AS a(n, action, message_id, metadata, wanted)
  WHERE a.wanted AND EXISTS (SELECT 1 FROM msg WHERE msg.id = ${messageId})
  ORDER BY a.n
),
outbox AS (
  INSERT INTO deliveries (store_id, message_id, channel, recipient)
  SELECT th.store_id, ${messageId}, d.channel, d.recipient
  FROM th CROSS JOIN go
  -- The channel the customer last wrote on from outside the app, else email.
  CROSS JOIN LATERAL (
    SELECT coalesce((
      SELECT m.channel FROM messages m
      WHERE m.thread_id = th.id AND m.sender_role = 'customer' AND m.channel <> 'in_app'
      ORDER BY m.created_at DESC, m.id DESC LIMIT 1
    ), 'email'::channel) AS wanted
    OFFSET 0 -- kept a subquery of its own: inlined, the lookup ran once per use of c.wanted
  ) c
  -- WhatsApp and SMS go to the phone as the shop stored it (the delivery worker normalises it);
  -- an order without a phone falls back to email.
  CROSS JOIN LATERAL (
    SELECT CASE WHEN c.wanted IN ('whatsapp', 'sms') AND go.customer_phone IS NOT NULL THEN c.wanted ELSE 'email'::channel END AS channel,
           CASE WHEN c.wanted IN ('whatsapp', 'sms') AND go.customer_phone IS NOT NULL THEN go.customer_phone ELSE go.customer_email END AS recipient
  ) d
  WHERE ${s.queuesDelivery}::boolean AND EXISTS (SELECT 1 FROM msg WHERE msg.id = ${messageId})
  RETURNING deliveries.id, deliveries.channel, deliveries.recipient
),
notified AS (${notificationsInsertSql(
    { isInternal: s.isInternal, senderRole: s.sender.role, senderId: s.sender.id, senderName: s.sender.name },
    {
      messageId,
      threadId: sql`(SELECT th.id FROM th)`,
      storeId: sql`(SELECT go.store_id FROM go)`,
      orderId: sql`(SELECT go.id FROM go)`,
      orderNumber: sql`(SELECT go.order_number FROM go)`,
      customerId: sql`(SELECT go.customer_id FROM go)`,
      written: sql`EXISTS (SELECT 1 FROM msg WHERE msg.id = ${messageId})`,
    },
  )})${
    s.claim
      ? sql`,
recorded AS (${s.claim.record({
          claimed: sql`EXISTS (SELECT 1 FROM claimed)`,
          writtenId: sql`(SELECT msg.id FROM msg WHERE msg.id = ${messageId})`,
          // As runSendStatement reads the row: an order not found outranks a duplicate.
          duplicateId: sql`(SELECT dup.id FROM dup WHERE EXISTS (SELECT 1 FROM ord))`,
        })})`
      : sql``
  }
SELECT
  EXISTS (SELECT 1 FROM claimed) AS claimed,
  EXISTS (SELECT 1 FROM rl) AS allowed,
  ${s.rateLimit ? s.rateLimit.oldestHit : sql`NULL::float8`} AS oldest_hit,
  EXISTS (SELECT 1 FROM ord) AS order_found,
  (SELECT n FROM att) AS attachable,
  (SELECT ${messageJson(
    "dup",
    sql`dup.order_number`,
    sql`coalesce((SELECT json_agg(${attachmentJson("f")} ORDER BY f.created_at, f.id) FROM attachments f WHERE f.message_id = dup.id), '[]'::json)`,
  )} FROM dup) AS duplicate,
  (SELECT json_build_object('id', dup.order_id, 'storeId', dup.order_store_id) FROM dup) AS duplicate_order,
  (SELECT json_build_object('id', ord.id, 'storeId', ord.store_id, 'orderNumber', ord.order_number) FROM ord) AS "order",
  (SELECT th.created FROM th) AS thread_created,
  (SELECT th.reopened_because FROM th) AS reopened_because,
  (SELECT ${messageJson(
    "msg",
    sql`(SELECT ord.order_number FROM ord)`,
    sql`coalesce((SELECT json_agg(${attachmentJson("linked")} ORDER BY linked.created_at, linked.id) FROM linked), '[]'::json)`,
  )} FROM msg WHERE msg.id = ${messageId}) AS message,
  coalesce((SELECT json_agg(json_build_object('id', outbox.id, 'channel', outbox.channel, 'recipient', outbox.recipient)) FROM outbox), '[]'::json) AS deliveries,
  -- The fulfilments by their primary key (store_id, order_id, …): by order_id alone it is a scan.
  (SELECT json_build_object(
     'customerId', go.customer_id,
     'supplierIds', coalesce((SELECT json_agg(f.supplier_id ORDER BY f.supplier_id) FROM order_fulfillments f
                              WHERE f.store_id = go.store_id AND f.order_id = go.id), '[]'::json),
     'hasPublicMessages', th.has_public_messages)
   FROM th CROSS JOIN go) AS audience,
  coalesce((SELECT json_agg(notified.user_id) FROM notified), '[]'::json) AS notified,
  CASE WHEN EXISTS (SELECT 1 FROM msg) AND (SELECT count(*) FROM linked) <> ${ids.length}::int
    THEN orderline_refuse(${ATTACHMENT_TAKEN_SQLSTATE}, 'attachment linked by another message meanwhile') END AS refused`;
}

interface OutcomeRow {
  claimed: boolean;
  allowed: boolean;
  oldest_hit: number | string | null;
  order_found: boolean;
  attachable: number;
  duplicate: unknown;
  duplicate_order: unknown;
  order: unknown;
  thread_created: boolean | null;
  reopened_because: MessageReopenReason | null;
  message: unknown;
  deliveries: unknown;
  audience: unknown;
  notified: unknown;
}

/** postgres-js parses json columns, PGlite may hand them over as text. */
function json<T>(value: unknown): T {
  return (typeof value === "string" ? JSON.parse(value) : value) as T;
}

export async function runSendStatement(db: DbOrTx, statement: SendStatement): Promise<SendStatementOutcome> {
  // Planned once per connection. At 1 M messages its generic plan (customer, supplier and admin
  // authors) has the custom plans' index scans, plus the duplicate probe that a custom plan drops
  // for a null provider id; every lookup is by a unique or leading key column. Planning each call
  // cost 1.3-2.5 ms of the statement's Postgres time (issue 13).
  const [row] = await queryRows<OutcomeRow>(planOnce(db), sendStatementSql(statement));
  if (!row) throw new Error("send statement returned no row");
  if (!row.claimed) return { kind: "unclaimed" };
  if (!row.allowed) return { kind: "rate_limited", oldestHit: row.oldest_hit === null ? null : Number(row.oldest_hit) };
  if (!row.order_found) return { kind: "not_found" };
  if (row.duplicate !== null) {
    return {
      kind: "duplicate",
      message: json<StatementMessage>(row.duplicate),
      order: json<{ id: string; storeId: string }>(row.duplicate_order),
    };
  }
  if (row.message === null) return { kind: "unusable_attachment" };
  return {
    kind: "written",
    message: json<StatementMessage>(row.message),
    order: json<{ id: string; storeId: string; orderNumber: string }>(row.order),
    threadCreated: row.thread_created === true,
    reopenReason: row.reopened_because,
    deliveries: json(row.deliveries),
    audience: json<MessageAudience>(row.audience),
    notifiedUserIds: json<string[]>(row.notified),
  };
}
