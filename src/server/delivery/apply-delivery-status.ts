import { and, eq, inArray, sql } from "drizzle-orm";
import type { DbOrTx } from "../db/client";
import { deliveries } from "../db/schema";

/*
 * LEAD: channels-out OWNS THIS FILE. A minimal version written by channels-in so the status
 * webhooks (WhatsApp `statuses`, Twilio status callbacks) have the agreed function to hand over to:
 * applyDeliveryStatus(db, {provider, providerMessageId, status, error?, at}). Keep theirs at merge.
 */
export interface DeliveryStatusUpdate {
  provider: "whatsapp" | "twilio";
  providerMessageId: string;
  status: "sent" | "delivered" | "read" | "failed";
  error?: string;
  at: Date;
}

const channelOf = { whatsapp: "whatsapp", twilio: "sms" } as const;

/** Moves the delivery forward only (a late "sent" never undoes "delivered"); false when none matched. */
export async function applyDeliveryStatus(db: DbOrTx, update: DeliveryStatusUpdate): Promise<{ applied: boolean }> {
  const next = update.status === "read" ? "delivered" : update.status;
  const from = next === "sent" ? (["pending", "sending"] as const) : (["pending", "sending", "sent"] as const);
  const rows = await db
    .update(deliveries)
    .set({ status: next, lastError: update.error ?? null, updatedAt: sql`now()` })
    .where(
      and(
        eq(deliveries.channel, channelOf[update.provider]),
        eq(deliveries.providerMessageId, update.providerMessageId),
        inArray(deliveries.status, [...from]),
      ),
    )
    .returning({ id: deliveries.id });
  return { applied: rows.length > 0 };
}
