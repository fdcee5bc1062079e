import { eq } from "drizzle-orm";
import { canManageInboundEvents, type Actor } from "../access";
import { writeAudit, type RequestMeta } from "../audit/write-audit";
import type { Database } from "../db/client";
import { inboundEvents } from "../db/schema";
import { conflict, forbidden, notFound } from "../errors";
import { getInboundEvent, type InboundEventView } from "./list-inbound-events";
import { processInboundEvent } from "./process-inbound-event";

/**
 * Failed events, any left "received" by a crash between storing and processing, and unmatched
 * messages (matched again: the order may have gained the sender's phone or email since).
 */
const RETRYABLE = ["failed", "received", "unmatched"] as const;

/** Runs an event's processing again (after the cause is fixed: the order now exists, the database is back). */
export async function retryInboundEvent(
  db: Database,
  actor: Actor,
  input: { eventId: string },
  request: RequestMeta,
  options: { replyDomain?: string },
): Promise<InboundEventView> {
  if (!canManageInboundEvents(actor)) throw forbidden("Admins only");
  const [event] = await db.select().from(inboundEvents).where(eq(inboundEvents.id, input.eventId));
  if (!event) throw notFound("Inbound event");
  if (!(RETRYABLE as readonly string[]).includes(event.status))
    throw conflict(`Only failed or unmatched events can be retried; this one is ${event.status}`);
  if (event.parsed === null) throw conflict("This event's body could not be parsed; there is nothing to retry");
  await processInboundEvent(db, event.id, { replyDomain: options.replyDomain, request, rematchUnmatched: true });
  await writeAudit(db, { actor, action: "inbound.retried", metadata: { eventId: event.id } }, request);
  return getInboundEvent(db, actor, { eventId: event.id });
}
