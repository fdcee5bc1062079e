import twilio from "twilio";
import { z } from "zod";
import { MalformedPayload, type InboundEnvelope } from "../inbound-message";
import type { InboundCall } from "../ingest-inbound-call";
import { toE164 } from "../phone-number";

const MAX_BYTES = 256 * 1024;

// Twilio's SIDs: two letters and 32 hex digits (SM… for messages, MM… for MMS, AC… for accounts).
const ZSid = z.string().regex(/^[A-Z]{2}[0-9a-f]{32}$/, "not a Twilio SID");
const ZIncomingSms = z.object({
  MessageSid: ZSid,
  AccountSid: ZSid,
  From: z.string().min(1),
  To: z.string().min(1),
  Body: z.string(),
  NumMedia: z.string().regex(/^\d+$/).optional(),
});
const ZStatusCallback = z.object({
  MessageSid: ZSid,
  AccountSid: ZSid,
  MessageStatus: z.string().min(1),
  ErrorCode: z.string().optional(),
  ErrorMessage: z.string().optional(),
});

function formOf(raw: Uint8Array, request: Request): Record<string, string> {
  const type = request.headers.get("content-type") ?? "";
  if (!type.toLowerCase().startsWith("application/x-www-form-urlencoded")) {
    throw new MalformedPayload("Twilio posts application/x-www-form-urlencoded");
  }
  return Object.fromEntries(new URLSearchParams(Buffer.from(raw).toString("utf8")));
}

/**
 * `X-Twilio-Signature` checked by the twilio package's own validator over the URL Twilio called —
 * APP_URL (the public address; behind a proxy the request's own URL is not it) + path + query —
 * and the POSTed form fields.
 */
function verifyTwilio(authToken: string, appUrl: string, raw: Uint8Array, request: Request) {
  const signature = request.headers.get("x-twilio-signature");
  if (!signature) return { ok: false as const, reason: "X-Twilio-Signature missing" };
  let params: Record<string, string>;
  try {
    params = Object.fromEntries(new URLSearchParams(Buffer.from(raw).toString("utf8")));
  } catch {
    return { ok: false as const, reason: "X-Twilio-Signature does not match" };
  }
  const { pathname, search } = new URL(request.url);
  const url = `${appUrl.replace(/\/+$/, "")}${pathname}${search}`;
  return twilio.validateRequest(authToken, signature, url, params)
    ? { ok: true as const }
    : { ok: false as const, reason: "X-Twilio-Signature does not match" };
}

/** Twilio reads the answer as TwiML: an empty <Response> sends no automatic reply. */
const emptyTwiml = () => new Response("<?xml version=\"1.0\" encoding=\"UTF-8\"?><Response></Response>", {
  status: 200,
  headers: { "Content-Type": "text/xml" },
});

function parseIncomingSms(raw: Uint8Array, request: Request): InboundEnvelope[] {
  const parsed = ZIncomingSms.safeParse(formOf(raw, request));
  if (!parsed.success) throw new MalformedPayload(`Not a Twilio message webhook: ${parsed.error.issues[0]?.path.join(".")} ${parsed.error.issues[0]?.message}`);
  const sms = parsed.data;
  const to = toE164(sms.To);
  return [
    {
      providerEventId: `message:${sms.MessageSid}`,
      parsed: {
        kind: "message",
        channel: "sms",
        providerMessageId: sms.MessageSid,
        from: toE164(sms.From) ?? sms.From,
        fromName: null,
        to: to ? [to] : [],
        subject: null,
        text: sms.Body,
        // Twilio's webhook carries no send time: it calls within seconds of receiving.
        sentAt: new Date().toISOString(),
        references: [],
        autoReply: null,
        attachments: [],
      },
    },
  ];
}

const statusOf: Record<string, "sent" | "delivered" | "read" | "failed" | undefined> = {
  sent: "sent",
  delivered: "delivered",
  read: "read",
  failed: "failed",
  undelivered: "failed",
};

function parseStatusCallback(raw: Uint8Array, request: Request): InboundEnvelope[] {
  const parsed = ZStatusCallback.safeParse(formOf(raw, request));
  if (!parsed.success) throw new MalformedPayload(`Not a Twilio status callback: ${parsed.error.issues[0]?.path.join(".")} ${parsed.error.issues[0]?.message}`);
  const callback = parsed.data;
  const status = statusOf[callback.MessageStatus];
  if (!status) return []; // queued, sending, accepted…: nothing a delivery records
  const error = [callback.ErrorCode, callback.ErrorMessage].filter(Boolean).join(" ");
  return [
    {
      providerEventId: `status:${callback.MessageSid}:${callback.MessageStatus}`,
      parsed: {
        kind: "status",
        provider: "twilio",
        providerMessageId: callback.MessageSid,
        status,
        ...(error ? { error } : {}),
        at: new Date().toISOString(),
      },
    },
  ];
}

function twilioCall(authToken: string | undefined, appUrl: string, parse: InboundCall["parse"]): InboundCall {
  return {
    provider: "twilio",
    disabledReason: authToken ? null : "SMS is not configured: set TWILIO_AUTH_TOKEN",
    maxBytes: MAX_BYTES,
    verify: (raw, request) => verifyTwilio(authToken ?? "", appUrl, raw, request),
    parse,
    respond: emptyTwiml,
  };
}

export const twilioSmsCall = (authToken: string | undefined, appUrl: string) => twilioCall(authToken, appUrl, parseIncomingSms);
export const twilioStatusCall = (authToken: string | undefined, appUrl: string) => twilioCall(authToken, appUrl, parseStatusCallback);
