import type { Actor } from "./actor";

/** What the policy needs to know about an order. */
export interface OrderAccessFacts {
  storeId: string;
  customerId: string | null;
  /** Suppliers with a fulfilment of this order. */
  supplierIds: readonly string[];
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
