import { and, eq, inArray, notInArray, or, sql } from "drizzle-orm";
import { planOnce, type DbOrTx } from "../db/client";
import { deliveries, messages, orders, threads, users } from "../db/schema";
import type { InboundMessage } from "./inbound-message";
import { phoneSuffix, samePhone } from "./phone-number";

export type MatchReason = "reply_token" | "in_reply_to" | "order_number" | "sender";

export interface InboundMatch {
  orderId: string;
  orderNumber: string;
  storeId: string;
  /** The order's customer when the sender is provably them (their address or phone), else null. */
  customerId: string | null;
  reason: MatchReason;
}

/** An order is open unless it is finished (CONTRACT.md). */
const CLOSED_ORDER_STATUSES = ["completed", "cancelled", "refunded"] as const;

interface Candidate {
  id: string;
  orderNumber: string;
  storeId: string;
  customerId: string | null;
  customerEmail: string;
  customerPhone: string | null;
  userEmail: string | null;
}

const candidateColumns = {
  id: orders.id,
  orderNumber: orders.orderNumber,
  storeId: orders.storeId,
  customerId: orders.customerId,
  customerEmail: orders.customerEmail,
  customerPhone: orders.customerPhone,
  userEmail: users.email,
};

/** Whether the sender is this order's customer: the order's email or the customer's account email, or its phone in E.164. */
function isOrdersCustomer(order: Candidate, message: InboundMessage): boolean {
  if (message.channel === "email") {
    return order.customerEmail.toLowerCase() === message.from || order.userEmail?.toLowerCase() === message.from;
  }
  return order.customerPhone !== null && samePhone(order.customerPhone, message.from);
}

const toMatch = (order: Candidate, message: InboundMessage, reason: MatchReason): InboundMatch => ({
  orderId: order.id,
  orderNumber: order.orderNumber,
  storeId: order.storeId,
  customerId: isOrdersCustomer(order, message) ? order.customerId : null,
  reason,
});

/** Tokens shaped like an order number ("ORD-1001"); the database decides which are real. */
function orderNumbersIn(text: string): string[] {
  const found = text.match(/\b[A-Za-z]{2,6}-[A-Za-z0-9]{2,24}\b/g) ?? [];
  return [...new Set(found.map((n) => n.toLowerCase()))].slice(0, 20);
}

/** Local parts `reply+<token>` at our reply domain. */
function replyTokensIn(addresses: readonly string[], replyDomain: string | undefined): string[] {
  if (!replyDomain) return [];
  const tokens: string[] = [];
  for (const address of addresses) {
    const match = /^reply\+([A-Za-z0-9]+)@(.+)$/.exec(address.trim());
    if (match?.[1] && match[2]?.toLowerCase() === replyDomain.toLowerCase()) tokens.push(match[1]);
  }
  return tokens;
}

/**
 * The order an inbound message belongs to, or null for the admins' unmatched queue. In order:
 * 1. the thread's reply token in a `reply+<token>@REPLY_DOMAIN` recipient;
 * 2. In-Reply-To/References naming the Message-ID of a mail we sent (deliveries.provider_message_id);
 * 3. an order number in the subject or text, ONLY when the sender is that order's customer — a
 *    stranger naming someone's order number never gets into its thread;
 * 4. the sender's address or phone when it points at exactly one open order.
 * Ambiguity at any step falls through; nothing is guessed.
 */
export async function matchInboundToOrder(
  db: DbOrTx,
  message: InboundMessage,
  options: { replyDomain?: string },
): Promise<InboundMatch | null> {
  // Planned once per connection: every lookup below is an equality on a unique or indexed key
  // (reply token, lower(order_number), the phone suffix, lower(email) / customer_id), and the
  // generic plans were checked at 1 M orders to be the custom plans' index scans. Planning each
  // call cost the webhook 0.2 ms of Postgres time per event (issue 13). The References lookup
  // stays planned per call: its generic plan follows deliveries' statistics (a seq scan while small).
  const select = (on: DbOrTx = planOnce(db)) => on.select(candidateColumns).from(orders).leftJoin(users, eq(users.id, orders.customerId));

  const tokens = replyTokensIn(message.to, options.replyDomain);
  if (tokens.length > 0) {
    const found = await select()
      .innerJoin(threads, eq(threads.orderId, orders.id))
      .where(inArray(threads.replyToken, tokens))
      .limit(2);
    if (found.length === 1 && found[0]) return toMatch(found[0], message, "reply_token");
  }

  if (message.references.length > 0) {
    // Message-IDs travel with angle brackets in headers; a sender may have recorded either form.
    const ids = [...new Set(message.references.flatMap((id) => [id, id.replace(/^<|>$/g, ""), `<${id.replace(/^<|>$/g, "")}>`]))];
    const found = await select(db)
      .innerJoin(threads, eq(threads.orderId, orders.id))
      .innerJoin(messages, eq(messages.threadId, threads.id))
      .innerJoin(deliveries, eq(deliveries.messageId, messages.id))
      .where(and(inArray(deliveries.providerMessageId, ids.slice(0, 100)), eq(deliveries.channel, "email")))
      .groupBy(orders.id, users.email)
      .limit(2);
    if (found.length === 1 && found[0]) return toMatch(found[0], message, "in_reply_to");
  }

  const numbers = orderNumbersIn(`${message.subject ?? ""}\n${message.text}`);
  if (numbers.length > 0) {
    const named = await select().where(inArray(sql`lower(${orders.orderNumber})`, numbers));
    const own = named.filter((order) => isOrdersCustomer(order, message));
    if (own.length === 1 && own[0]) return toMatch(own[0], message, "order_number");
  }

  const open = notInArray(orders.status, [...CLOSED_ORDER_STATUSES]);
  let senders: Candidate[];
  if (message.channel === "email") {
    if (!message.from.includes("@")) return null;
    senders = await select()
      // Both arms are indexed (lower(customer_email); customer_id) and ORed as two index scans. With
      // `customer_id IN (SELECT …)` Postgres cannot BitmapOr a hashed subplan and scanned every order:
      // 1,400 ms at 1 M orders, against 0.06 ms for `= ANY(ARRAY(SELECT …))` (README, figures).
      .where(
        and(
          open,
          or(
            sql`lower(${orders.customerEmail}) = ${message.from}`,
            sql`${orders.customerId} = ANY(ARRAY(SELECT ${users.id} FROM ${users} WHERE lower(${users.email}) = ${message.from}))`,
          ),
        ),
      )
      .limit(50);
  } else {
    if (!message.from.startsWith("+")) return null;
    // Shops store phones in any format: candidates by their last 8 digits (indexed), then compared in E.164.
    const suffixed = await select()
      .where(and(open, sql`right(regexp_replace(${orders.customerPhone}, '[^0-9]', '', 'g'), 8) = ${phoneSuffix(message.from)}`))
      .limit(50);
    senders = suffixed.filter((order) => isOrdersCustomer(order, message));
  }
  const distinct = new Map(senders.map((order) => [order.id, order]));
  if (distinct.size === 1) {
    const [only] = distinct.values();
    if (only) return toMatch(only, message, "sender");
  }
  return null;
}
