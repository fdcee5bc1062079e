import { createHash } from "node:crypto";
import { sql } from "drizzle-orm";
import type { RequestMeta } from "../audit/write-audit";
import type { Database } from "../db/client";
import { inboundEvents } from "../db/schema";
import { httpErrorResponse } from "../http/domain-error-response";
import { readBodyWithin } from "../http/read-body-within";
import { MalformedPayload, type InboundEnvelope, type InboundProvider } from "./inbound-message";
import { recordInboundRejection } from "./inbound-rejections";
import { processInboundEvent, storeProcessedEvent, type ProcessedEvent } from "./process-inbound-event";

export type Verification = { ok: true } | { ok: false; reason: string };

/** What differs between providers; the pipeline around it is the same for all. */
export interface InboundCall {
  provider: InboundProvider;
  /** Why the channel is off (a missing secret), or null when it is configured. */
  disabledReason: string | null;
  maxBytes: number;
  verify(rawBody: Uint8Array, request: Request): Verification | Promise<Verification>;
  parse(rawBody: Uint8Array, request: Request): InboundEnvelope[] | Promise<InboundEnvelope[]>;
  /** The 2xx answer the provider expects, once every event is stored and processed. */
  respond(results: ProcessedEvent[]): Response;
}

export interface IngestOptions {
  db: Database;
  replyDomain?: string;
  request: RequestMeta;
}

/** Headers kept beside the raw body: never credentials or cookies. */
function keptHeaders(headers: Headers): Record<string, string> {
  const kept: Record<string, string> = {};
  headers.forEach((value, name) => {
    if (name === "authorization" || name === "cookie" || name === "proxy-authorization") return;
    kept[name] = value;
  });
  return kept;
}

/**
 * One provider call: verify → parse → store every event (raw body and headers, unique provider id)
 * → process → answer 2xx. A call of one new message or status is stored and processed in one
 * statement (storeProcessedEvent); anything else, or that statement failing, goes the whole way.
 * Nothing is answered 2xx before its events are committed, and nothing of a call that fails
 * verification is stored. A body that passed verification but is not the
 * provider's format is kept as one failed event (the evidence) and answered 400. A repeated call
 * stores nothing new; its events that never finished processing (a crash after storing) are
 * processed now (and failed ones retried), so the provider's own retry is also ours.
 */
export async function ingestInboundCall(call: InboundCall, httpRequest: Request, options: IngestOptions): Promise<Response> {
  if (call.disabledReason) return httpErrorResponse(503, "SERVICE_UNAVAILABLE", call.disabledReason);
  const raw = await readBodyWithin(httpRequest, call.maxBytes);
  if (!raw) return httpErrorResponse(413, "PAYLOAD_TOO_LARGE", `Body larger than ${call.maxBytes} bytes`);

  const verified = await call.verify(raw, httpRequest);
  if (!verified.ok) {
    recordInboundRejection(call.provider, verified.reason, httpRequest);
    return httpErrorResponse(401, "UNAUTHORIZED", verified.reason);
  }

  const { db } = options;
  const rawText = Buffer.from(raw).toString("utf8");
  const headers = keptHeaders(httpRequest.headers);
  let envelopes: InboundEnvelope[];
  try {
    envelopes = await call.parse(raw, httpRequest);
  } catch (error) {
    if (!(error instanceof MalformedPayload)) throw error;
    // The same bad body twice is one row: its id is the body's hash.
    const providerEventId = `malformed:${createHash("sha256").update(raw).digest("hex")}`;
    await db
      .insert(inboundEvents)
      .values({ provider: call.provider, providerEventId, status: "failed", headers, rawBody: rawText, error: error.message })
      .onConflictDoNothing();
    return httpErrorResponse(400, "BAD_REQUEST", error.message);
  }
  if (envelopes.length === 0) return call.respond([]);

  // The usual call, one message or status: stored with its outcome in one statement when that can be done.
  const [only] = envelopes;
  if (envelopes.length === 1 && only && only.parsed.kind !== "order_event") {
    const event = { provider: call.provider, providerEventId: only.providerEventId, parsed: only.parsed, headers, rawBody: rawText };
    const done = await storeProcessedEvent(db, event, { replyDomain: options.replyDomain, request: options.request });
    if (done) return call.respond([done]);
  }

  // One statement for the whole call: committed before any answer, duplicates left as they are.
  const inserted = await db
    .insert(inboundEvents)
    .values(
      envelopes.map((e) => ({
        provider: call.provider,
        providerEventId: e.providerEventId,
        kind: e.parsed.kind,
        parsed: e.parsed as Record<string, unknown>,
        headers,
        rawBody: rawText,
      })),
    )
    .onConflictDoNothing()
    .returning({ id: inboundEvents.id, providerEventId: inboundEvents.providerEventId, status: inboundEvents.status, error: inboundEvents.error });
  // What this call stored is processed from memory; a repeat's rows are read back as stored then.
  const storedNow = new Map(inserted.map((row) => [row.id, envelopes.find((e) => e.providerEventId === row.providerEventId)?.parsed]));
  // Usually every event is new and the INSERT returned them all; only a repeat needs its rows read.
  const stored =
    inserted.length === envelopes.length
      ? inserted
      : await db
          .select({ id: inboundEvents.id, status: inboundEvents.status, error: inboundEvents.error })
          .from(inboundEvents)
          .where(
            sql`${inboundEvents.provider} = ${call.provider} AND ${inboundEvents.providerEventId} IN (${sql.join(
              envelopes.map((e) => sql`${e.providerEventId}`),
              sql`, `,
            )})`,
          );

  const results: ProcessedEvent[] = [];
  for (const event of stored) {
    results.push(
      event.status === "received" || event.status === "failed"
        ? await processInboundEvent(db, event.id, { replyDomain: options.replyDomain, request: options.request }, storedNow.get(event.id))
        : { id: event.id, status: event.status, error: event.error, repeated: !storedNow.has(event.id) },
    );
  }
  return call.respond(results);
}

/** The usual JSON answer: how many events, and what became of each. */
export function jsonReceipt(results: ProcessedEvent[]): Response {
  return Response.json({ received: results.length, events: results.map(({ id, status }) => ({ id, status })) });
}
