import { sql } from "drizzle-orm";
import {
  bigint,
  boolean,
  check,
  customType,
  index,
  integer,
  jsonb,
  pgEnum,
  pgTable,
  primaryKey,
  text,
  timestamp,
  uniqueIndex,
  uuid,
} from "drizzle-orm/pg-core";

/** Postgres full-text vector; only ever written by the database (generated column). */
const tsvector = customType<{ data: string }>({
  dataType: () => "tsvector",
});

const createdAt = () => timestamp("created_at", { withTimezone: true, mode: "date" }).notNull().defaultNow();

export const userRole = pgEnum("user_role", ["customer", "admin", "supplier", "reseller"]);
export const senderRole = pgEnum("sender_role", ["customer", "admin", "supplier", "reseller", "system"]);
export const channel = pgEnum("channel", ["in_app", "email", "whatsapp", "sms"]);
export const messageType = pgEnum("message_type", ["text", "attachment", "system_event"]);
export const threadStatus = pgEnum("thread_status", ["open", "closed"]);
export const orderStatus = pgEnum("order_status", [
  "pending",
  "processing",
  "shipped",
  "delivered",
  "completed",
  "cancelled",
  "refunded",
]);
export const inboundProvider = pgEnum("inbound_provider", ["whatsapp", "twilio", "email", "order_events"]);
/** 'ignored': verified and kept, but not a customer message (auto-reply, bounce, our own mail, unknown delivery). */
export const inboundStatus = pgEnum("inbound_status", ["received", "matched", "unmatched", "duplicate", "failed", "ignored"]);
export const deliveryStatus = pgEnum("delivery_status", ["pending", "sending", "sent", "delivered", "failed", "cancelled"]);
/** 'message': one message to its customer on a channel; 'digest': one email to a user listing their unread notifications. */
export const deliveryKind = pgEnum("delivery_kind", ["message", "digest"]);

/** Stores and suppliers keep the commerce platform's own ids ("north", "acme"): reference data. */
export const stores = pgTable("stores", {
  id: text("id").primaryKey(),
  name: text("name").notNull(),
  createdAt: createdAt(),
});

export const suppliers = pgTable("suppliers", {
  id: text("id").primaryKey(),
  name: text("name").notNull(),
  createdAt: createdAt(),
});

export const users = pgTable(
  "users",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    email: text("email").notNull(),
    name: text("name").notNull(),
    role: userRole("role").notNull(),
    passwordHash: text("password_hash"),
    phone: text("phone"),
    storeId: text("store_id").references(() => stores.id),
    supplierId: text("supplier_id").references(() => suppliers.id),
    /** Set by an operator (`npm run user:disable`): no sign-in, session or API token acts as this user. */
    disabledAt: timestamp("disabled_at", { withTimezone: true, mode: "date" }),
    /**
     * When this user's last notification digest was queued. The throttle lives on the user's row so
     * that queueing is one conditional UPDATE: two workers racing for the same user serialise on it.
     */
    lastDigestAt: timestamp("last_digest_at", { withTimezone: true, mode: "date" }),
    createdAt: createdAt(),
  },
  (t) => [
    uniqueIndex("users_email_unique").on(sql`lower(${t.email})`),
    index("users_role_idx").on(t.role),
    // Who is told of a customer's message: the store's resellers and the order's suppliers' users.
    index("users_store_idx").on(t.storeId).where(sql`${t.storeId} IS NOT NULL`),
    index("users_supplier_idx").on(t.supplierId).where(sql`${t.supplierId} IS NOT NULL`),
    // A reseller belongs to exactly one store, a supplier user to exactly one supplier.
    check(
      "users_scope_matches_role",
      sql`(${t.role} = 'reseller') = (${t.storeId} IS NOT NULL) AND (${t.role} = 'supplier') = (${t.supplierId} IS NOT NULL)`,
    ),
  ],
);

export const orders = pgTable(
  "orders",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    storeId: text("store_id")
      .notNull()
      .references(() => stores.id),
    orderNumber: text("order_number").notNull(),
    customerId: uuid("customer_id").references(() => users.id),
    customerName: text("customer_name").notNull(),
    customerEmail: text("customer_email").notNull(),
    /** As the shop wrote it ("+1 202-555-0101"); inbound matching compares it in E.164. */
    customerPhone: text("customer_phone"),
    status: orderStatus("status").notNull().default("pending"),
    trackingNumber: text("tracking_number"),
    trackingUrl: text("tracking_url"),
    /** Time of the newest order event applied to status/tracking: an older event never moves them back. */
    lastEventAt: timestamp("last_event_at", { withTimezone: true, mode: "date" }),
    createdAt: createdAt(),
  },
  (t) => [
    uniqueIndex("orders_order_number_unique").on(t.orderNumber),
    // Search matches a typed order number whatever its case ("ord-1002").
    index("orders_order_number_lower_idx").on(sql`lower(${t.orderNumber})`),
    uniqueIndex("orders_store_id_id_unique").on(t.storeId, t.id),
    // orders.list pages each role's orders newest first (list-orders.ts).
    index("orders_customer_created_idx").on(t.customerId, t.createdAt.desc(), t.id.desc()),
    index("orders_store_created_idx").on(t.storeId, t.createdAt.desc(), t.id.desc()),
    index("orders_created_idx").on(t.createdAt.desc(), t.id.desc()),
    index("orders_store_idx").on(t.storeId, t.status),
    index("orders_customer_email_idx").on(sql`lower(${t.customerEmail})`),
    index("orders_customer_phone_idx").on(t.customerPhone),
    // Inbound phone matching (channels/match-inbound-to-order.ts): shops store phones in any format,
    // so candidates are found by their last 8 digits (the same with and without Brazil's ninth digit
    // or Mexico's mobile "1") and compared in E.164 by libphonenumber-js.
    index("orders_customer_phone_suffix_idx").on(sql`right(regexp_replace(${t.customerPhone}, '[^0-9]', '', 'g'), 8)`),
  ],
);

export const orderFulfillments = pgTable(
  "order_fulfillments",
  {
    storeId: text("store_id")
      .notNull()
      .references(() => stores.id),
    orderId: uuid("order_id")
      .notNull()
      .references(() => orders.id),
    supplierId: text("supplier_id")
      .notNull()
      .references(() => suppliers.id),
    createdAt: createdAt(),
  },
  (t) => [
    primaryKey({ columns: [t.storeId, t.orderId, t.supplierId] }),
    // Supplier visibility is an EXISTS on (supplier_id, order_id).
    index("order_fulfillments_supplier_idx").on(t.supplierId, t.orderId),
  ],
);

export const threads = pgTable(
  "threads",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    storeId: text("store_id")
      .notNull()
      .references(() => stores.id),
    orderId: uuid("order_id")
      .notNull()
      .references(() => orders.id),
    status: threadStatus("status").notNull().default("open"),
    lastMessageAt: timestamp("last_message_at", { withTimezone: true, mode: "date" }).notNull().defaultNow(),
    /**
     * Time of the newest message everyone on the order may read (not an internal note); null while
     * the thread holds internal notes only. Non-admins list, order and page by it, so staff notes
     * never reveal a thread or move it up a customer's or partner's inbox.
     */
    lastPublicMessageAt: timestamp("last_public_message_at", { withTimezone: true, mode: "date" }),
    closedAt: timestamp("closed_at", { withTimezone: true, mode: "date" }),
    closedBy: uuid("closed_by").references(() => users.id),
    /**
     * When and why the thread was last reopened: by staff, by the customer writing, or by the first
     * public message of a thread that held internal notes only. The send statement also reads them
     * back (RETURNING) to learn whether it reopened the thread itself: Postgres 15's RETURNING shows
     * only the new row, and the decision is taken on the locked current row inside ON CONFLICT.
     */
    reopenedAt: timestamp("reopened_at", { withTimezone: true, mode: "date" }),
    reopenReason: text("reopen_reason", { enum: ["staff", "customer_message", "first_public_message"] }),
    /** Secret part of the reply+<token>@ address; never leaves the server except in outbound mail. */
    replyToken: text("reply_token")
      .notNull()
      .default(sql`replace(gen_random_uuid()::text, '-', '')`),
    createdAt: createdAt(),
  },
  (t) => [
    uniqueIndex("threads_store_order_unique").on(t.storeId, t.orderId),
    // Orders join threads on order_id alone (access/visibility-where.ts), so it needs its own index.
    index("threads_order_idx").on(t.orderId),
    uniqueIndex("threads_reply_token_unique").on(t.replyToken),
    index("threads_last_message_idx").on(t.lastMessageAt.desc(), t.id.desc()),
    index("threads_store_last_message_idx").on(t.storeId, t.lastMessageAt.desc(), t.id.desc()),
    // drizzle's .desc() is DESC NULLS LAST, exactly the non-admin inbox's ORDER BY (list-threads.ts).
    index("threads_last_public_message_idx").on(t.lastPublicMessageAt.desc(), t.id.desc()),
    index("threads_store_last_public_message_idx").on(t.storeId, t.lastPublicMessageAt.desc(), t.id.desc()),
    check(
      "threads_reopen_reason_known",
      sql`${t.reopenReason} IS NULL OR ${t.reopenReason} IN ('staff', 'customer_message', 'first_public_message')`,
    ),
  ],
);

export const messages = pgTable(
  "messages",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    storeId: text("store_id")
      .notNull()
      .references(() => stores.id),
    threadId: uuid("thread_id")
      .notNull()
      .references(() => threads.id),
    senderRole: senderRole("sender_role").notNull(),
    senderId: uuid("sender_id").references(() => users.id),
    /** Snapshot of the sender's display name when the message was written. */
    senderName: text("sender_name").notNull(),
    channel: channel("channel").notNull().default("in_app"),
    messageType: messageType("message_type").notNull().default("text"),
    content: text("content").notNull(),
    isInternal: boolean("is_internal").notNull().default(false),
    providerMessageId: text("provider_message_id"),
    createdAt: createdAt(),
    searchVector: tsvector("search_vector").generatedAlwaysAs(sql`to_tsvector('english', content)`),
  },
  (t) => [
    index("messages_thread_created_idx").on(t.threadId, t.createdAt, t.id),
    index("messages_created_idx").on(t.createdAt.desc(), t.id.desc()),
    // Search's keyword-less filters on a message column, newest first (search-messages.ts): led by
    // the filtered column, the page is the index's first rows. Walking messages_created_idx and
    // filtering read past every newer message of another kind: after the bench's loads put 160 k
    // floor messages on top, channel=email took 110 ms, senderRole 95 ms, storeId 370 ms at 1 M.
    // thread_id last makes choosing the page an index-only scan (it joins threads for the thread
    // filters): only then does the planner prefer these to the time walk it believes is cheap.
    index("messages_channel_created_idx").on(t.channel, t.createdAt.desc(), t.id.desc(), t.threadId),
    index("messages_sender_role_created_idx").on(t.senderRole, t.createdAt.desc(), t.id.desc(), t.threadId),
    index("messages_store_created_idx").on(t.storeId, t.createdAt.desc(), t.id.desc(), t.threadId),
    // The conversation proper (customer messages and public replies; no notes, no system events),
    // for "customer waiting since" (thread-activity-sql.ts): the last reply and the first customer
    // message after it are each one index probe, however many system events a thread holds (a
    // walk of messages_thread_created_idx read all 160 k of the bench's floor thread).
    index("messages_thread_conversation_idx")
      .on(t.threadId, t.createdAt, t.id)
      .where(sql`${t.senderRole} <> 'system' AND NOT ${t.isInternal}`),
    index("messages_search_idx").using("gin", t.searchVector),
    uniqueIndex("messages_channel_provider_id_unique")
      .on(t.channel, t.providerMessageId)
      .where(sql`${t.providerMessageId} IS NOT NULL`),
    check("messages_internal_only_from_staff", sql`NOT ${t.isInternal} OR ${t.senderRole} = 'admin'`),
  ],
);

export const attachments = pgTable(
  "attachments",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    /** Set when the attachment is linked to a message; until then it belongs to its uploader only. */
    storeId: text("store_id").references(() => stores.id),
    messageId: uuid("message_id").references(() => messages.id),
    uploadedBy: uuid("uploaded_by").references(() => users.id),
    fileName: text("file_name").notNull(),
    contentType: text("content_type").notNull(),
    size: integer("size").notNull(),
    sha256: text("sha256").notNull(),
    storageKey: text("storage_key").notNull(),
    createdAt: createdAt(),
  },
  (t) => [
    index("attachments_message_idx").on(t.messageId),
    index("attachments_uploader_idx").on(t.uploadedBy, t.createdAt),
    // Finds uploads never put on a message, for sweep-abandoned-uploads.ts.
    index("attachments_unlinked_idx")
      .on(t.createdAt)
      .where(sql`${t.messageId} is null`),
    // Sums one user's bytes not yet on a message (upload-attachment.ts) without visiting their history.
    index("attachments_pending_by_uploader_idx")
      .on(t.uploadedBy, t.size)
      .where(sql`${t.messageId} is null`),
  ],
);

export const messageReads = pgTable(
  "message_reads",
  {
    messageId: uuid("message_id")
      .notNull()
      .references(() => messages.id),
    userId: uuid("user_id")
      .notNull()
      .references(() => users.id),
    storeId: text("store_id")
      .notNull()
      .references(() => stores.id),
    role: userRole("role").notNull(),
    readAt: timestamp("read_at", { withTimezone: true, mode: "date" }).notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.messageId, t.userId] }), index("message_reads_user_idx").on(t.userId, t.messageId)],
);

/**
 * Search's `unread=true` for one user: every thread that may hold a message they may read and have
 * not is in `unread_threads`, as far as messages created up to `scannedThrough` go; newer ones are
 * scanned on the next unread search. `scope` is the role and scope the set was built for (another
 * one rebuilds it). A trigger (drizzle/0007) moves `scannedThrough` back when an older message is
 * inserted, so such a message is scanned too.
 */
export const unreadWatermarks = pgTable(
  "unread_watermarks",
  {
    userId: uuid("user_id")
      .primaryKey()
      .references(() => users.id),
    scope: text("scope").notNull(),
    scannedThrough: timestamp("scanned_through", { withTimezone: true, mode: "date" }).notNull(),
    /**
     * The snapshot (pg_snapshot as text) of the last refresh that scanned up to now: every message
     * from scannedThrough on that it could see was probed then, so the next refresh probes only
     * those it could not (committed since, whatever their created_at). Null: probe them all.
     */
    rescannedSnapshot: text("rescanned_snapshot"),
  },
  // For that trigger, which runs on every send: it looks for watermarks after the new message,
  // which a message of now never finds. Without it, it read every user's row: 1.8 ms a send with
  // a set for each of the bench's 21 k users (0.05 ms with it; issue 13).
  (t) => [index("unread_watermarks_scanned_through_idx").on(t.scannedThrough)],
);

/** See unreadWatermarks. Rows may be stale (a thread read since); search prunes them as it goes. */
export const unreadThreads = pgTable(
  "unread_threads",
  {
    userId: uuid("user_id")
      .notNull()
      .references(() => users.id),
    threadId: uuid("thread_id")
      .notNull()
      .references(() => threads.id),
    /**
     * The span of the thread's messages that held its unread messages when scanned: every message
     * of it the user has not read (up to scannedThrough) lies within. Receipts are only ever added,
     * so the span stays true as the user reads; readers look inside it only. One unread message
     * in a thread of 160 k (the bench's floor thread) cost 160 k receipt probes per unread search.
     */
    unreadFrom: timestamp("unread_from", { withTimezone: true, mode: "date" }).notNull(),
    unreadThrough: timestamp("unread_through", { withTimezone: true, mode: "date" }).notNull(),
  },
  (t) => [
    primaryKey({ columns: [t.userId, t.threadId] }),
    // The oldest span start of a user's set, read at its first entry: no unread message of theirs
    // is older, so the large set's time walk stops there (see search-messages.ts, unreadSource).
    index("unread_threads_user_from_idx").on(t.userId, t.unreadFrom),
  ],
);

export const inboundEvents = pgTable(
  "inbound_events",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    provider: inboundProvider("provider").notNull(),
    providerEventId: text("provider_event_id").notNull(),
    status: inboundStatus("status").notNull().default("received"),
    /** What the event is: a customer message, a delivery status update, or an order-lifecycle event. */
    kind: text("kind").$type<"message" | "status" | "order_event">().notNull().default("message"),
    /** This event's own part of the call, parsed into the common shape (channels/inbound-message.ts). */
    parsed: jsonb("parsed").$type<Record<string, unknown>>(),
    /** The order it was matched or assigned to, and why ("reply_token", "in_reply_to", …). */
    orderId: uuid("order_id").references(() => orders.id),
    matchReason: text("match_reason"),
    /** Filled once matched; unmatched events wait in the admins' queue with it null. */
    storeId: text("store_id").references(() => stores.id),
    messageId: uuid("message_id").references(() => messages.id),
    headers: jsonb("headers").$type<Record<string, string>>().notNull().default({}),
    rawBody: text("raw_body").notNull(),
    error: text("error"),
    receivedAt: timestamp("received_at", { withTimezone: true, mode: "date" }).notNull().defaultNow(),
    processedAt: timestamp("processed_at", { withTimezone: true, mode: "date" }),
    /** Processing attempts that failed; the sweep stops retrying at INBOUND_MAX_ATTEMPTS. */
    processAttempts: integer("process_attempts").notNull().default(0),
    /** When the sweep may process a failed event again; null when the failure is final (not transient, or out of attempts). */
    retryAt: timestamp("retry_at", { withTimezone: true, mode: "date" }),
  },
  (t) => [
    uniqueIndex("inbound_events_provider_event_unique").on(t.provider, t.providerEventId),
    // The sweep's two queries, each an index scan over only the rows it may take.
    index("inbound_events_stuck_received_idx").on(t.receivedAt).where(sql`${t.status} = 'received'`),
    index("inbound_events_retry_idx").on(t.retryAt).where(sql`${t.status} = 'failed' AND ${t.retryAt} IS NOT NULL`),
    // The admins' log and unmatched queue, newest first, keyset paged on (received_at, id). A
    // (status, received_at) index beside the second was a prefix of it: one more index written per event.
    index("inbound_events_received_idx").on(t.receivedAt.desc(), t.id.desc()),
    index("inbound_events_status_received_idx").on(t.status, t.receivedAt.desc(), t.id.desc()),
  ],
);

export const deliveries = pgTable(
  "deliveries",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    kind: deliveryKind("kind").notNull().default("message"),
    /** A message's store; null for a digest, which may list several stores' orders. */
    storeId: text("store_id").references(() => stores.id),
    /** The message sent ('message'); null for a digest, whose notifications point at it instead. */
    messageId: uuid("message_id").references(() => messages.id),
    /** Whom a digest is for (null for 'message': the recipient is the order's customer). */
    userId: uuid("user_id").references(() => users.id),
    channel: channel("channel").notNull(),
    recipient: text("recipient").notNull(),
    status: deliveryStatus("status").notNull().default("pending"),
    attempts: integer("attempts").notNull().default(0),
    nextAttemptAt: timestamp("next_attempt_at", { withTimezone: true, mode: "date" }).notNull().defaultNow(),
    /**
     * Email: our Message-ID (`<…@REPLY_DOMAIN>`, fixed before the first attempt so a resend after a
     * crash carries the same one); WhatsApp: the `wamid.…`; SMS: Twilio's `SM…` sid.
     */
    providerMessageId: text("provider_message_id"),
    /** The reason of the last failed attempt, or why the row was failed or cancelled. */
    lastError: text("last_error"),
    /** Set when the row was moved to email (WhatsApp window closed, no usable phone, …): from which channel, and why. */
    fallbackFrom: channel("fallback_from"),
    fallbackReason: text("fallback_reason"),
    /** Development without SMTP_URL: the RFC 5322 mail that would have been sent, shown to admins. */
    capturedMail: text("captured_mail"),
    /** Time of the provider status last applied (status callbacks arrive out of order). */
    providerStatusAt: timestamp("provider_status_at", { withTimezone: true, mode: "date" }),
    sentAt: timestamp("sent_at", { withTimezone: true, mode: "date" }),
    createdAt: createdAt(),
    updatedAt: timestamp("updated_at", { withTimezone: true, mode: "date" }).notNull().defaultNow(),
  },
  (t) => [
    uniqueIndex("deliveries_message_channel_recipient_unique").on(t.storeId, t.messageId, t.channel, t.recipient),
    // Email replies are matched by In-Reply-To/References to the Message-ID recorded here, and
    // status callbacks find their delivery by the provider's id.
    index("deliveries_provider_message_idx")
      .on(t.providerMessageId)
      .where(sql`${t.providerMessageId} IS NOT NULL`),
    // The worker's queue: due rows only. A row in 'sending' is due again when its lease (next_attempt_at) runs out.
    index("deliveries_due_idx")
      .on(t.nextAttemptAt)
      .where(sql`${t.status} IN ('pending', 'sending')`),
    // Status callbacks find their row by the provider's id; email threading reads a thread's sent Message-IDs.
    uniqueIndex("deliveries_channel_provider_id_unique")
      .on(t.channel, t.providerMessageId)
      .where(sql`${t.providerMessageId} IS NOT NULL`),
    index("deliveries_message_idx").on(t.messageId),
    // The admins' deliveries list, newest first, keyset paged, optionally by status.
    index("deliveries_created_idx").on(t.createdAt.desc(), t.id.desc()),
    index("deliveries_status_created_idx").on(t.status, t.createdAt.desc(), t.id.desc()),
    check(
      "deliveries_kind_shape",
      sql`(${t.kind} = 'message' AND ${t.messageId} IS NOT NULL AND ${t.storeId} IS NOT NULL AND ${t.userId} IS NULL)
        OR (${t.kind} = 'digest' AND ${t.userId} IS NOT NULL AND ${t.messageId} IS NULL AND ${t.channel} = 'email')`,
    ),
  ],
);

export const notifications = pgTable(
  "notifications",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    userId: uuid("user_id")
      .notNull()
      .references(() => users.id),
    storeId: text("store_id").references(() => stores.id),
    threadId: uuid("thread_id").references(() => threads.id),
    messageId: uuid("message_id").references(() => messages.id),
    kind: text("kind").notNull(),
    title: text("title").notNull(),
    readAt: timestamp("read_at", { withTimezone: true, mode: "date" }),
    /** The email digest that told the user about it; set in the statement that queues the digest. */
    digestDeliveryId: uuid("digest_delivery_id").references(() => deliveries.id),
    createdAt: createdAt(),
  },
  (t) => [
    index("notifications_user_idx").on(t.userId, t.createdAt.desc()),
    // The digest step's candidates: unread and not yet emailed, by age. Read or emailed rows leave it.
    index("notifications_digest_due_idx")
      .on(t.createdAt)
      .where(sql`${t.readAt} IS NULL AND ${t.digestDeliveryId} IS NULL`),
    // What one digest lists, when it is sent and in the admins' outbox view.
    index("notifications_digest_delivery_idx")
      .on(t.digestDeliveryId)
      .where(sql`${t.digestDeliveryId} IS NOT NULL`),
    // One notification per person per message: a listener that runs twice cannot notify twice.
    uniqueIndex("notifications_user_message_unique").on(t.userId, t.messageId),
    // The bell's unread count on every page view reads only the unread rows.
    index("notifications_user_unread_idx").on(t.userId).where(sql`${t.readAt} is null`),
  ],
);

export const auditLog = pgTable(
  "audit_log",
  {
    id: bigint("id", { mode: "number" }).primaryKey().generatedAlwaysAsIdentity(),
    actorId: uuid("actor_id"),
    actorRole: senderRole("actor_role").notNull(),
    action: text("action").notNull(),
    storeId: text("store_id"),
    orderId: uuid("order_id"),
    threadId: uuid("thread_id"),
    messageId: uuid("message_id"),
    ip: text("ip"),
    userAgent: text("user_agent"),
    metadata: jsonb("metadata").$type<Record<string, unknown>>().notNull().default({}),
    createdAt: createdAt(),
  },
  (t) => [
    index("audit_log_created_idx").on(t.createdAt.desc()),
    index("audit_log_order_idx").on(t.orderId, t.createdAt),
    index("audit_log_actor_idx").on(t.actorId, t.createdAt),
  ],
);

/** Integrator tokens: only a SHA-256 of the secret is kept. */
export const apiTokens = pgTable(
  "api_tokens",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    userId: uuid("user_id")
      .notNull()
      .references(() => users.id),
    name: text("name").notNull(),
    /** First characters of the token, shown in lists so people can tell tokens apart. */
    prefix: text("prefix").notNull(),
    tokenHash: text("token_hash").notNull(),
    createdAt: createdAt(),
    lastUsedAt: timestamp("last_used_at", { withTimezone: true, mode: "date" }),
    revokedAt: timestamp("revoked_at", { withTimezone: true, mode: "date" }),
  },
  (t) => [uniqueIndex("api_tokens_hash_unique").on(t.tokenHash), index("api_tokens_user_idx").on(t.userId)],
);

/**
 * Recent hits per rate-limited key (see rate-limit/rate-limiter.ts): in the database, so every
 * app instance counts against the same window. Times are ms since the epoch.
 */
export const rateLimits = pgTable(
  "rate_limits",
  {
    key: text("key").primaryKey(),
    hits: bigint("hits", { mode: "number" }).array().notNull(),
    /** When the newest hit leaves the window; rows past it are swept. */
    expiresAt: bigint("expires_at", { mode: "number" }).notNull(),
  },
  (t) => [index("rate_limits_expires_at_idx").on(t.expiresAt)],
);
