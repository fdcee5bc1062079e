import twilio from "twilio";
import { noRequestMeta } from "../audit/write-audit";
import type { Database } from "../db/client";
import { hmacSha256Hex } from "./verify-hmac";
import { ingestInboundCall, type InboundCall } from "./ingest-inbound-call";

/** Test-only: provider calls as the providers make them, and the pipeline run on a test database. */

export const TEST_APP_URL = "https://shop.example";
export const TEST_REPLY_DOMAIN = "reply.shop.example";

export function ingest(db: Database, call: InboundCall, request: Request): Promise<Response> {
  return ingestInboundCall(call, request, { db, replyDomain: TEST_REPLY_DOMAIN, request: noRequestMeta });
}

/** A Meta webhook POST signed with the app secret over exactly these bytes. */
export function metaRequest(rawBody: string, appSecret: string, signature?: string): Request {
  return new Request(`${TEST_APP_URL}/api/webhooks/whatsapp`, {
    method: "POST",
    headers: {
      "Content-Type": "application/json",
      "X-Hub-Signature-256": signature ?? `sha256=${hmacSha256Hex(appSecret, Buffer.from(rawBody, "utf8"))}`,
    },
    body: rawBody,
  });
}

/** A Twilio form POST signed by the twilio package's own signer. */
export function twilioRequest(path: string, fields: Record<string, string>, authToken: string, tamper?: (f: Record<string, string>) => void): Request {
  const url = `${TEST_APP_URL}${path}`;
  const signature = twilio.getExpectedTwilioSignature(authToken, url, fields);
  const sent = { ...fields };
  tamper?.(sent);
  return new Request(url, {
    method: "POST",
    headers: { "Content-Type": "application/x-www-form-urlencoded", "X-Twilio-Signature": signature },
    body: new URLSearchParams(sent).toString(),
  });
}

/** Twilio-shaped SIDs: two letters and 32 hex digits (34 characters). */
export function twilioSid(prefix: "SM" | "AC", seed: number): string {
  return `${prefix}${seed.toString(16).padStart(32, "0")}`;
}

export function basicAuth(user: string, password: string): string {
  return `Basic ${Buffer.from(`${user}:${password}`).toString("base64")}`;
}

export function emailRequest(body: string, contentType: string, authorization: string | null): Request {
  return new Request(`${TEST_APP_URL}/api/webhooks/email`, {
    method: "POST",
    headers: { "Content-Type": contentType, ...(authorization ? { Authorization: authorization } : {}) },
    body: Buffer.from(body, "latin1"),
  });
}

export function orderEventRequest(body: string, secret: string, timestamp = Math.floor(Date.now() / 1000)): Request {
  return new Request(`${TEST_APP_URL}/api/events/orders`, {
    method: "POST",
    headers: {
      "Content-Type": "application/json",
      "X-Orderline-Timestamp": String(timestamp),
      "X-Orderline-Signature": hmacSha256Hex(secret, `${timestamp}.`, Buffer.from(body, "utf8")),
    },
    body,
  });
}
