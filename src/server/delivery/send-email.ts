import nodemailer, { type Transporter } from "nodemailer";
import type Mail from "nodemailer/lib/mailer";
import type SMTPTransport from "nodemailer/lib/smtp-transport";
import type { DeliveryConfig } from "./delivery-config";
import { DeliveryFailure } from "./delivery-failure";

export interface OutboundEmail {
  to: { name: string; address: string };
  /** Our Message-ID for this delivery, `<…>`; the same on every attempt. */
  messageId: string;
  replyToken: string;
  orderNumber: string;
  senderName: string;
  content: string;
  /** Message-IDs of the thread's earlier mails (theirs and ours), oldest first. */
  references: readonly string[];
}

export interface EmailResult {
  providerMessageId: string;
  /** The RFC 5322 text when the mail was captured instead of sent (development without SMTP). */
  captured: string | null;
}

const angle = (id: string) => (id.startsWith("<") ? id : `<${id}>`);

function mailOptions(config: DeliveryConfig["email"], mail: OutboundEmail) {
  const references = mail.references.map(angle);
  return {
    from: config.from,
    to: mail.to,
    replyTo: `reply+${mail.replyToken}@${config.replyDomain}`,
    // The same subject on every mail of the order (with "Re:" after the first) so clients that
    // thread by subject agree with those that thread by References.
    subject: `${references.length > 0 ? "Re: " : ""}Your order ${mail.orderNumber}`,
    text: `${mail.content}\n\n— ${mail.senderName}, about your order ${mail.orderNumber}\nReply to this email to answer: your reply joins the order's conversation.\n`,
    messageId: mail.messageId,
    inReplyTo: references.at(-1),
    references,
  };
}

/** One SMTP transport per URL, pooled: the worker sends batches. */
const transports = new Map<string, Transporter<SMTPTransport.SentMessageInfo>>();

function smtpTransport(url: string) {
  let transport = transports.get(url);
  if (!transport) {
    transport = nodemailer.createTransport({
      url,
      pool: true,
      maxConnections: 3,
      // Well inside the worker's lease, so a hung server never lets a second worker take the row.
      connectionTimeout: 10_000,
      greetingTimeout: 10_000,
      socketTimeout: 30_000,
    } as SMTPTransport.Options);
    transports.set(url, transport);
  }
  return transport;
}

/** Closes the pooled SMTP connections (worker shutdown, tests). */
export function closeEmailTransports() {
  for (const transport of transports.values()) transport.close();
  transports.clear();
}

const captureTransport = nodemailer.createTransport({ streamTransport: true, buffer: true, newline: "unix" });

export function sendEmail(config: DeliveryConfig["email"], mail: OutboundEmail): Promise<EmailResult> {
  return deliverMail(config, mailOptions(config, mail));
}

/**
 * Sends one composed mail over SMTP, or captures it (development without SMTP_URL). Every kind
 * of email (replies, digests) goes out here, so all share the transport, capture and failure split.
 */
export async function deliverMail(config: DeliveryConfig["email"], options: Mail.Options & { messageId: string }): Promise<EmailResult> {
  if (!config.smtpUrl) {
    if (!config.captureWithoutSmtp) throw new DeliveryFailure("permanent", "Email is not configured: SMTP_URL is not set");
    const info = await captureTransport.sendMail(options);
    return { providerMessageId: options.messageId, captured: info.message.toString("utf8") };
  }
  try {
    await smtpTransport(config.smtpUrl).sendMail(options);
    return { providerMessageId: options.messageId, captured: null };
  } catch (error) {
    // SMTP's own split: 5xx replies are final (no such mailbox), 4xx and dropped connections are not.
    const code = (error as { responseCode?: number }).responseCode;
    const reason = `SMTP: ${(error as Error).message}`;
    throw new DeliveryFailure(code !== undefined && code >= 500 ? "permanent" : "retry", reason);
  }
}
