import { httpErrorResponse } from "../../http/domain-error-response";
import type { InboundCall } from "../ingest-inbound-call";
import { parseOrderEvent } from "./parse-order-event";
import { verifyOrderEventSignature } from "./verify-order-event-signature";

const MAX_BYTES = 256 * 1024;

export function orderEventsCall(secret: string | undefined, now: () => Date = () => new Date()): InboundCall {
  return {
    provider: "order_events",
    disabledReason: secret ? null : "Order events are not configured: set SYSTEM_EVENTS_SECRET",
    maxBytes: MAX_BYTES,
    verify: (raw, request) => {
      const verified = verifyOrderEventSignature(raw, request.headers, secret ?? "", now());
      return verified.ok ? { ok: true } : verified;
    },
    parse: (raw) => parseOrderEvent(Buffer.from(raw).toString("utf8")),
    respond: ([result]) => {
      if (!result) return httpErrorResponse(400, "BAD_REQUEST", "No event in the body");
      // An event for an order we don't know (yet) is kept as failed: a retry applies it once the order exists.
      if (result.status === "failed") {
        return result.refusal?.code === "NOT_FOUND"
          ? httpErrorResponse(404, "NOT_FOUND", "Order not found: the event is kept and can be retried")
          : httpErrorResponse(503, "SERVICE_UNAVAILABLE", "The event is stored but could not be applied yet; it will be retried");
      }
      return Response.json({ id: result.id, status: result.status, duplicate: result.status === "duplicate" || !!result.repeated });
    },
  };
}
