import type { DbOrTx } from "../db/client";
import type { ClaimedDigest } from "./claim-due-deliveries";
import type { DeliveryConfig, DeliveryWorkerOptions } from "./delivery-config";
import { asDeliveryFailure } from "./delivery-failure";
import { digestMailOptions } from "./digest-email";
import { giveUpIfExhausted, recordFailure, type DeliveryOutcome } from "./process-delivery";
import { readDigest } from "./read-digest";
import { recordCancelled, recordSent } from "./record-delivery-outcome";
import { deliverMail } from "./send-email";

/**
 * One attempt of a claimed digest, with the lease, fencing, retries and capture of every email.
 * What it lists is read now: notifications read since it was queued drop out, and with none
 * left (or the user disabled) it is cancelled with the reason instead of sent.
 */
export async function processDigest(
  db: DbOrTx,
  row: ClaimedDigest,
  config: DeliveryConfig,
  options: DeliveryWorkerOptions,
): Promise<DeliveryOutcome> {
  const exhausted = await giveUpIfExhausted(db, row, options);
  if (exhausted) return exhausted;
  const digest = await readDigest(db, row);
  if (digest.kind === "gone") return (await recordCancelled(db, row, digest.reason)) ? "cancelled" : "lost-lease";
  try {
    const mail = digestMailOptions(config, {
      reader: digest.actor,
      address: row.recipient,
      messageId: row.providerMessageId,
      items: digest.items,
      total: digest.total,
    });
    return (await recordSent(db, row, await deliverMail(config.email, mail))) ? "sent" : "lost-lease";
  } catch (error) {
    return recordFailure(db, row, asDeliveryFailure(error), options);
  }
}
