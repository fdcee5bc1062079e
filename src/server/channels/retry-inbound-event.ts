import { eq } from "drizzle-orm";
import { canManageInboundEvents, type Actor } from "../access";
import { writeAudit, type RequestMeta } from "../audit/write-audit";
import type { Database } from "../db/client";
import { inboundEvents, orders } from "../db/schema";
import { conflict, forbidden, notFound } from "../errors";
import { toInboundEventView, type InboundEventView } from "./list-inbound-events";
import { processInboundEvent } from "./process-inbound-event";

/** Failed events, and any left "received" by a crash between storing and processing. */
const RETRYABLE = ["failed", "received"] as const;

/** Runs a failed event's processing again (after the cause is fixed: the order now exists, the database is back). */
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
  if (!(RETRYABLE as readonly string[]).includes(event.status)) throw conflict(`Only failed events can be retried; this one is ${event.status}`);
  if (event.parsed === null) throw conflict("This event's body could not be parsed; there is nothing to retry");
  await processInboundEvent(db, event.id, { replyDomain: options.replyDomain, request });
  await writeAudit(db, { actor, action: "inbound.retried", metadata: { eventId: event.id } }, request);
  const [after] = await db
    .select({ event: inboundEvents, orderNumber: orders.orderNumber })
    .from(inboundEvents)
    .leftJoin(orders, eq(orders.id, inboundEvents.orderId))
    .where(eq(inboundEvents.id, event.id));
  return toInboundEventView({ ...after!.event, orderNumber: after!.orderNumber });
}
