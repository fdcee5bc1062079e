import { EventEmitter } from "node:events";

/** Who is on a thread's order, as the write that emits the event found it. */
export interface MessageAudience {
  customerId: string | null;
  supplierIds: string[];
  /** False while the thread holds internal notes only: it does not exist for non-admins. */
  hasPublicMessages: boolean;
}

/** Events carry ids, never bodies: listeners re-read through the access policy. */
export interface DomainEvents {
  MESSAGE_CREATED: {
    messageId: string;
    threadId: string;
    orderId: string;
    orderNumber: string;
    storeId: string;
    isInternal: boolean;
    channel: "in_app" | "email" | "whatsapp" | "sms";
    senderRole: "customer" | "admin" | "supplier" | "reseller" | "system";
    senderId: string | null;
    threadCreated: boolean;
    /** Read by the send statement itself, so the broadcast needs no query of its own. */
    audience: MessageAudience;
    /** Who the send gave an in-app notification (their bells ring). */
    notifiedUserIds: string[];
  };
  MESSAGE_READ: { messageId: string; threadId: string; orderNumber: string; storeId: string; userId: string };
  THREAD_CLOSED: { threadId: string; orderNumber: string; storeId: string; closedBy: string };
  THREAD_REOPENED: { threadId: string; orderNumber: string; storeId: string; reopenedBy: string | null };
}
export type DomainEventName = keyof DomainEvents;

type Listener<K extends DomainEventName> = (payload: DomainEvents[K]) => void | Promise<void>;

const globalForEvents = globalThis as unknown as { orderlineEvents?: EventEmitter };
const emitter = (globalForEvents.orderlineEvents ??= new EventEmitter().setMaxListeners(50));

/** Subscribe; returns the unsubscribe function. */
export function onDomainEvent<K extends DomainEventName>(name: K, listener: Listener<K>): () => void {
  const wrapped = (payload: DomainEvents[K]) => {
    // A failing listener (a broadcast, a notification) must never fail the action that emitted.
    void Promise.resolve()
      .then(() => listener(payload))
      .catch((error: unknown) => console.error(`listener for ${name} failed`, error));
  };
  emitter.on(name, wrapped);
  return () => emitter.off(name, wrapped);
}

/** Emit only after the transaction that made the change has committed. */
export function emitDomainEvent<K extends DomainEventName>(name: K, payload: DomainEvents[K]): void {
  emitter.emit(name, payload);
}

/** Events a write has produced and its caller emits once the transaction has committed. */
export type PendingDomainEvent = { [K in DomainEventName]: { name: K; payload: DomainEvents[K] } }[DomainEventName];
export type PendingDomainEvents = readonly PendingDomainEvent[];

/** Emits each pending event in order; call only after the commit that made them true. */
export function emitDomainEvents(events: PendingDomainEvents): void {
  for (const event of events) emitter.emit(event.name, event.payload);
}
