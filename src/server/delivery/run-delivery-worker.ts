import { sweepInboundEvents } from "../channels/sweep-inbound-events";
import type { Database } from "../db/client";
import { onlineUsersVia } from "../realtime/online-users";
import { pusherFor } from "../realtime/pusher-sdk";
import { claimDueDeliveries, threadReferences } from "./claim-due-deliveries";
import type { DeliveryConfig, DeliveryWorkerOptions } from "./delivery-config";
import { processDelivery, type DeliveryOutcome } from "./process-delivery";
import { processDigest } from "./process-digest";
import { queueDueDigests } from "./queue-digests";

export type BatchReport = Record<DeliveryOutcome, number> & { claimed: number };

/**
 * One round: take due rows, send them concurrently (each records its own outcome as soon as it
 * has it, which keeps the window between "the provider has it" and "we know it" short).
 */
export async function runDeliveryBatch(db: Database, config: DeliveryConfig, options: DeliveryWorkerOptions): Promise<BatchReport> {
  const rows = await claimDueDeliveries(db, {
    batchSize: options.batchSize,
    leaseMs: options.leaseMs,
    replyDomain: config.email.replyDomain,
  });
  const report: BatchReport = { claimed: rows.length, sent: 0, retry: 0, failed: 0, cancelled: 0, "lost-lease": 0 };
  if (rows.length === 0) return report;
  const references = await threadReferences(
    db,
    rows.filter((row) => row.kind === "message" && row.channel === "email").map((row) => row.id),
  );
  const outcomes = await Promise.all(
    rows.map((row) =>
      (row.kind === "digest"
        ? processDigest(db, row, config, options)
        : processDelivery(db, row, config, options, references.get(row.id) ?? [])
      ).catch((error: unknown) => {
        // Only the database can throw here (senders' errors are outcomes): the lease brings the row back.
        console.error(`delivery ${row.id}: could not record the attempt`, error);
        return "lost-lease" as const;
      }),
    ),
  );
  for (const outcome of outcomes) report[outcome] += 1;
  return report;
}

export interface RunningWorker {
  /** Resolves when the round in progress (if any) has finished. */
  stop(): Promise<void>;
}

/**
 * Runs rounds until stopped: straight on while rounds come back full, else after `pollMs`. The
 * timer is unref'd so a worker inside the app never keeps the process alive by itself.
 *
 * Every `inboundSweepMs` a round also sweeps inbound events left `received` or failed for a
 * transient reason (sweep-inbound-events.ts): the one background loop every deployment already
 * runs (in the app or `npm run worker`), so nothing accepted stays unprocessed. Every
 * `digest.everyMs` it also queues notification digests for people not online (queue-digests.ts),
 * which the next rounds send like any other email; who is online is asked of `config.realtime`.
 */
export function startDeliveryWorker(
  getDb: () => Promise<Database>,
  config: DeliveryConfig,
  options: DeliveryWorkerOptions,
  onBatch?: (report: BatchReport) => void,
): RunningWorker {
  const onlineUsers = onlineUsersVia(config.realtime ? pusherFor(config.realtime) : null);
  let stopped = false;
  let timer: NodeJS.Timeout | undefined;
  let wake: (() => void) | undefined;
  let lastSweep = 0;
  let lastDigestStep = 0;
  const loop = (async () => {
    while (!stopped) {
      let full = false;
      try {
        const db = await getDb();
        if (options.inboundSweepMs && Date.now() - lastSweep >= options.inboundSweepMs) {
          lastSweep = Date.now();
          const swept = await sweepInboundEvents(db, { replyDomain: config.email.replyDomain, graceMs: options.inboundGraceMs });
          if (swept.length > 0) console.info(`inbound sweep: processed ${swept.length} stuck event(s)`);
        }
        if (options.digest && Date.now() - lastDigestStep >= options.digest.everyMs) {
          lastDigestStep = Date.now();
          const digests = await queueDueDigests(db, onlineUsers, options.digest);
          if (digests.queued > 0) console.info(`digests: queued ${digests.queued} (${digests.online} of ${digests.candidates} candidates online)`);
        }
        const report = await runDeliveryBatch(db, config, options);
        if (report.claimed > 0) onBatch?.(report);
        full = report.claimed >= options.batchSize;
      } catch (error) {
        console.error("delivery worker: round failed, trying again shortly", error);
      }
      if (full || stopped) continue;
      await new Promise<void>((resolve) => {
        wake = resolve;
        timer = setTimeout(resolve, options.pollMs);
        timer.unref();
      });
    }
  })();
  return {
    async stop() {
      stopped = true;
      clearTimeout(timer);
      wake?.();
      await loop;
    },
  };
}
