import { MalformedPayload, ZOrderEvent, type InboundEnvelope } from "../inbound-message";

/** `{eventId, orderNumber, type, text, data?}`; the event's id is the provider id. */
export function parseOrderEvent(raw: string): InboundEnvelope[] {
  let json: unknown;
  try {
    json = JSON.parse(raw);
  } catch {
    throw new MalformedPayload("Body is not JSON");
  }
  const parsed = ZOrderEvent.safeParse(json);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new MalformedPayload(`Invalid order event: ${issue ? `${issue.path.join(".") || "body"}: ${issue.message}` : "invalid"}`);
  }
  return [{ providerEventId: parsed.data.eventId, parsed: { kind: "order_event", ...parsed.data } }];
}
