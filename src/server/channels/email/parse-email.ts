import { createHash } from "node:crypto";
import { simpleParser, type AddressObject } from "mailparser";
import { z } from "zod";
import { MalformedPayload, type InboundEnvelope, type InboundMessage } from "../inbound-message";
import { addressOf, detectAutoReply } from "./detect-auto-reply";
import { stripQuotedReply } from "./strip-quoted-reply";

export interface EmailParseOptions {
  /** Our MAIL_FROM: mail from it is our own, coming back. */
  mailFrom?: string;
}

/** "<a@b> <c@d>" or ["<a@b>"] as a list of Message-IDs. */
function messageIds(value: string | string[] | undefined): string[] {
  const joined = Array.isArray(value) ? value.join(" ") : (value ?? "");
  return joined.match(/<[^<>\s]+>/g) ?? joined.split(/\s+/).filter(Boolean);
}

const addressesOf = (value: AddressObject | AddressObject[] | undefined): string[] =>
  (Array.isArray(value) ? value : value ? [value] : []).flatMap((o) => o.value.map((a) => a.address?.toLowerCase() ?? "")).filter(Boolean);

/** Plain text of an HTML body, converted the way mailparser does for HTML-only mail. */
async function textOfHtml(html: string): Promise<string> {
  const wrapped = await simpleParser(Buffer.from(`Content-Type: text/html; charset=utf-8\r\n\r\n${html}`), { skipTextToHtml: true });
  return wrapped.text ?? "";
}

/** Raw RFC 5322 as the provider received it: mailparser decodes QP/base64, RFC 2047 words and charsets. */
export async function parseRawEmail(raw: Uint8Array, options: EmailParseOptions): Promise<InboundEnvelope[]> {
  const bytes = Buffer.from(raw);
  // mailparser accepts anything; a mail has at least a From header.
  if (!/^(?:[\x21-\x39\x3b-\x7e]+:.*\r?\n(?:[ \t].*\r?\n)*)+/.test(bytes.subarray(0, 64 * 1024).toString("latin1"))) {
    throw new MalformedPayload("Body is not an RFC 5322 message (no header block)");
  }
  const mail = await simpleParser(bytes, { skipImageLinks: true, skipTextToHtml: true });
  const sender = mail.from?.value[0];
  if (!sender?.address) throw new MalformedPayload("The message has no From address");
  const from = sender.address.toLowerCase();
  const header = (name: string) => {
    const value = mail.headers.get(name);
    return value === undefined ? undefined : typeof value === "string" ? value : JSON.stringify(value);
  };
  const contentType = mail.headers.get("content-type") as { value?: string } | undefined;
  const message: InboundMessage = {
    kind: "message",
    channel: "email",
    providerMessageId: mail.messageId ?? `sha256:${createHash("sha256").update(bytes).digest("hex")}`,
    from,
    fromName: sender.name || null,
    to: [
      ...addressesOf(mail.to),
      ...addressesOf(mail.cc),
      ...["delivered-to", "x-original-to"].map((h) => header(h)?.toLowerCase().replace(/[<>"]/g, "")).filter((v): v is string => !!v),
    ],
    subject: mail.subject ?? null,
    // mailparser already turned an HTML-only body into text (blockquotes as "> " lines).
    text: stripQuotedReply(mail.text ?? ""),
    sentAt: (mail.date ?? new Date()).toISOString(),
    references: [...new Set([...messageIds(mail.inReplyTo), ...messageIds(mail.references)])],
    autoReply: detectAutoReply(
      (name) => (name === "content-type" ? contentType?.value : header(name)),
      from,
      addressOf(options.mailFrom),
    ),
    attachments: mail.attachments.map((a) => ({ fileName: a.filename ?? "attachment", contentType: a.contentType, size: a.size })),
  };
  return [{ providerEventId: `message:${message.providerMessageId}`, parsed: message }];
}

// Postmark's inbound webhook (https://postmarkapp.com/developer/webhooks/inbound-webhook).
const ZPostmarkInbound = z.object({
  FromFull: z.object({ Email: z.string().min(3), Name: z.string().optional() }).loose(),
  ToFull: z.array(z.object({ Email: z.string() }).loose()).default([]),
  CcFull: z.array(z.object({ Email: z.string() }).loose()).default([]),
  OriginalRecipient: z.string().optional(),
  Subject: z.string().default(""),
  MessageID: z.string().min(1),
  Date: z.string().optional(),
  TextBody: z.string().default(""),
  HtmlBody: z.string().default(""),
  Headers: z.array(z.object({ Name: z.string(), Value: z.string() })).default([]),
  Attachments: z.array(z.object({ Name: z.string(), ContentType: z.string(), ContentLength: z.number().int().nonnegative() }).loose()).default([]),
});

export async function parsePostmarkInbound(rawText: string, options: EmailParseOptions): Promise<InboundEnvelope[]> {
  let json: unknown;
  try {
    json = JSON.parse(rawText);
  } catch {
    throw new MalformedPayload("Body is not JSON");
  }
  const parsed = ZPostmarkInbound.safeParse(json);
  if (!parsed.success) throw new MalformedPayload(`Not a Postmark inbound message: ${parsed.error.issues[0]?.path.join(".")} ${parsed.error.issues[0]?.message}`);
  const mail = parsed.data;
  const header = (name: string) => mail.Headers.find((h) => h.Name.toLowerCase() === name)?.Value;
  const from = mail.FromFull.Email.toLowerCase();
  // The mail's own Message-ID (what a resend carries) rather than Postmark's id for its copy.
  const messageId = messageIds(header("message-id"))[0] ?? mail.MessageID;
  const date = mail.Date ? new Date(mail.Date) : new Date();
  const message: InboundMessage = {
    kind: "message",
    channel: "email",
    providerMessageId: messageId,
    from,
    fromName: mail.FromFull.Name || null,
    to: [...mail.ToFull, ...mail.CcFull].map((a) => a.Email.toLowerCase()).concat(mail.OriginalRecipient ? [mail.OriginalRecipient.toLowerCase()] : []),
    subject: mail.Subject || null,
    text: stripQuotedReply(mail.TextBody.trim() ? mail.TextBody : mail.HtmlBody ? await textOfHtml(mail.HtmlBody) : ""),
    sentAt: (Number.isNaN(date.getTime()) ? new Date() : date).toISOString(),
    references: [...new Set([...messageIds(header("in-reply-to")), ...messageIds(header("references"))])],
    autoReply: detectAutoReply(header, from, addressOf(options.mailFrom)),
    attachments: mail.Attachments.map((a) => ({ fileName: a.Name, contentType: a.ContentType, size: a.ContentLength })),
  };
  return [{ providerEventId: `message:${message.providerMessageId}`, parsed: message }];
}
