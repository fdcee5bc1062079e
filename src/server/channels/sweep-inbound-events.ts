import { sql } from "drizzle-orm";
import { noRequestMeta } from "../audit/write-audit";
import { queryRows, type Database } from "../db/client";
import { inboundEvents } from "../db/schema";
import { processInboundEvent, type ProcessedEvent } from "./process-inbound-event";

export interface SweepOptions {
  replyDomain?: string;
  /** A `received` event younger than this may still be processed by the request that stored it. */
  graceMs?: number;
  batchSize?: number;
}

export const DEFAULT_SWEEP_GRACE_MS = 60_000;

/**
 * Processes inbound events that nothing else will: those left `received` (the process died, or
 * the database went away, between storing the event and processing it — the provider got a 2xx or
 * a 5xx, and may never call again) and those `failed` for a transient reason whose backoff has run
 * out (`retry_at`, set by processInboundEvent with a bounded attempt count). Each is processed as
 * the webhook would have (row lock with SKIP LOCKED: a concurrent request or sweeper skips it), so
 * running it beside requests, on several workers, or twice, writes each message once.
 */
export async function sweepInboundEvents(db: Database, options: SweepOptions = {}): Promise<ProcessedEvent[]> {
  const graceMs = options.graceMs ?? DEFAULT_SWEEP_GRACE_MS;
  const batchSize = options.batchSize ?? 100;
  // Two index scans (inbound_events_stuck_received_idx, inbound_events_retry_idx), oldest first.
  const due = await queryRows<{ id: string }>(db, sql`
    (SELECT id FROM ${inboundEvents}
      WHERE status = 'received' AND received_at <= now() - ${graceMs}::int * interval '1 millisecond'
      ORDER BY received_at LIMIT ${batchSize})
    UNION ALL
    (SELECT id FROM ${inboundEvents}
      WHERE status = 'failed' AND retry_at IS NOT NULL AND retry_at <= now()
      ORDER BY retry_at LIMIT ${batchSize})`);
  const results: ProcessedEvent[] = [];
  // One at a time: each is its own transaction, and a sweep is a background chore, not a race.
  for (const { id } of due) {
    results.push(await processInboundEvent(db, id, { replyDomain: options.replyDomain, request: noRequestMeta }));
  }
  return results;
}
