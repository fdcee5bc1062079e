import type { Actor } from "./actor";

/** What the policy needs to know about an order. */
export interface OrderAccessFacts {
  storeId: string;
  customerId: string | null;
  /** Suppliers with a fulfilment of this order. */
  supplierIds: readonly string[];
}

/** What the policy needs to know about a thread: whether it holds anything but internal notes. */
export interface ThreadAccessFacts {
  lastMessageAt: Date;
  /** Time of the newest message that is not an internal note; null while it holds notes only. */
  lastPublicMessageAt: Date | null;
}

/** What the policy needs to know about a message. */
export interface MessageAccessFacts {
  isInternal: boolean;
}

/**
 * The one rule for reading and writing an order's conversation. The SQL twin of this function is
 * `visibleOrdersWhere`; access-policy.test.ts holds both to the same table.
 */
export function canAccessOrder(actor: Actor, order: OrderAccessFacts): boolean {
  switch (actor.role) {
    case "admin":
      return true;
    case "customer":
      return order.customerId !== null && order.customerId === actor.id;
    case "reseller":
      return actor.storeId !== null && order.storeId === actor.storeId;
    case "supplier":
      return actor.supplierId !== null && order.supplierIds.includes(actor.supplierId);
    default:
      // Unreachable for a parsed Actor; a role the policy does not know gets nothing.
      return false;
  }
}

/**
 * Whether the thread exists from the actor's point of view (SQL twin: `visibleThreadsWhere`). One
 * that holds only internal notes does not for those who may not read them.
 */
export function canSeeThread(actor: Actor, order: OrderAccessFacts, thread: ThreadAccessFacts): boolean {
  return canAccessOrder(actor, order) && (canSeeInternalNotes(actor) || thread.lastPublicMessageAt !== null);
}

/** Whether the actor may read this message (SQL twin: `visibleThreadsWhere` + `visibleMessagesWhere`). */
export function canSeeMessage(
  actor: Actor,
  order: OrderAccessFacts,
  thread: ThreadAccessFacts,
  message: MessageAccessFacts,
): boolean {
  return canSeeThread(actor, order, thread) && (canSeeInternalNotes(actor) || !message.isInternal);
}

/**
 * When the thread was last active as the actor sees it (SQL twin: `threadActivityColumn`): an
 * internal note moves neither a non-admin's date nor their order. Null: nothing they may read.
 */
export function threadActivityAt(actor: Actor, thread: ThreadAccessFacts): Date | null {
  return canSeeInternalNotes(actor) ? thread.lastMessageAt : thread.lastPublicMessageAt;
}

/**
 * Which suppliers fulfil an order is the shop's business with its partners: a drop-shipping shop
 * does not tell its customers. Partners and admins see them; customers never do.
 */
export function canSeeFulfillingSuppliers(actor: Actor): actor is Actor & { role: "admin" | "reseller" | "supplier" } {
  return actor.role === "admin" || actor.role === "reseller" || actor.role === "supplier";
}

/**
 * Who is owed a reply and since when is for those who answer: staff and partners see that a
 * customer is waiting; customers are not shown their own wait.
 */
export function canSeeCustomerWaiting(actor: Actor): boolean {
  return actor.role !== "customer";
}

/**
 * Who read a message, by name, is for the shop's side (staff and partners work the thread
 * together). A customer learns only that the shop has read theirs, never which person or partner.
 */
export function canSeeWhoRead(actor: Actor): boolean {
  return actor.role !== "customer";
}

/** Internal notes are staff-only: seen, written and searched by admins alone. */
export function canSeeInternalNotes(actor: Actor): boolean {
  return actor.role === "admin";
}

export function canWriteInternalNote(actor: Actor): boolean {
  return actor.role === "admin";
}

export function canCloseOrReopenThread(actor: Actor): boolean {
  return actor.role === "admin";
}

export function canSearchAllMessages(actor: Actor): boolean {
  return actor.role === "admin";
}

/** The store list (the inbox's store filter) names every store: staff only. */
export function canListAllStores(actor: Actor): boolean {
  return actor.role === "admin";
}

/** Recording a message that arrived elsewhere (a call, a forwarded email) is staff's job. */
export function canRecordOtherChannel(actor: Actor): boolean {
  return actor.role === "admin";
}

/** Phone and email are for staff who contact the customer, not for partners. */
export function canSeeCustomerContact(actor: Actor): boolean {
  return actor.role === "admin";
}

/** A customer writing on a closed thread reopens it; staff replies leave it closed. */
export function reopensClosedThread(actor: Actor): boolean {
  return actor.role === "customer";
}

/** The inbound events log and the unmatched queue hold every channel's raw mail and phone numbers: admins only. */
export function canManageInboundEvents(actor: Actor): boolean {
  return actor.role === "admin";
}
