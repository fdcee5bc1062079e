import type { DbOrTx } from "../db/client";
import { defaultWorkerOptions } from "./delivery-config";
import { runDeliveryBatch } from "./run-delivery-worker";

/**
 * For the outbox benches: the worker's rounds, batch after batch, until nothing is due, with mail
 * captured instead of sent (no SMTP) and no phone channel. Returns what was sent and how long it took.
 */
export async function drainInCaptureMode(db: DbOrTx): Promise<{ sent: number; seconds: number }> {
  const config = {
    appUrl: "http://bench.example",
    realtime: null,
    email: { smtpUrl: null, captureWithoutSmtp: true, from: "Bench <b@bench.example>", replyDomain: "bench.example" },
    whatsapp: null,
    sms: null,
  };
  const start = performance.now();
  let sent = 0;
  for (;;) {
    const report = await runDeliveryBatch(db, config, { ...defaultWorkerOptions, batchSize: 10 });
    if (report.claimed === 0) break;
    sent += report.sent;
  }
  return { sent, seconds: (performance.now() - start) / 1000 };
}
