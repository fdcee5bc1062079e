/**
 * Test-only: inbound mail as real clients write it (structure, headers and quoting copied from
 * Gmail, Outlook/Exchange and Apple Mail replies). CRLF line ends, as on the wire.
 */
const crlf = (lines: string[]) => lines.join("\r\n");

export interface SampleOptions {
  from?: string;
  to?: string;
  subject?: string;
  messageId?: string;
  inReplyTo?: string;
  extraHeaders?: string[];
}

/** Gmail: multipart/alternative, "On … wrote:" attribution and ">" quotes, gmail_quote in HTML. */
export function gmailReply(body: string, o: SampleOptions = {}): string {
  return crlf([
    "MIME-Version: 1.0",
    "Date: Mon, 23 Nov 2026 10:15:02 +0000",
    ...(o.inReplyTo ? [`In-Reply-To: ${o.inReplyTo}`, `References: ${o.inReplyTo}`] : []),
    `Message-ID: ${o.messageId ?? "<CAGm3qd7x9Q2v=Vb0Z+gmail1@mail.gmail.com>"}`,
    `Subject: ${o.subject ?? "Re: Your order"}`,
    `From: Alice Customer <${o.from ?? "alice@demo.test"}>`,
    `To: ${o.to ?? "Demo Shop <support@shop.example>"}`,
    ...(o.extraHeaders ?? []),
    'Content-Type: multipart/alternative; boundary="000000000000a1b2c3d4e5f60718"',
    "",
    "--000000000000a1b2c3d4e5f60718",
    'Content-Type: text/plain; charset="UTF-8"',
    "",
    body,
    "",
    "On Mon, 23 Nov 2026 at 09:00, Demo Shop <support@shop.example> wrote:",
    "",
    "> Hello Alice, your order is being prepared.",
    ">",
    "> Demo Shop",
    "",
    "--000000000000a1b2c3d4e5f60718",
    'Content-Type: text/html; charset="UTF-8"',
    "",
    `<div dir="ltr">${body}</div><br><div class="gmail_quote"><div dir="ltr" class="gmail_attr">On Mon, 23 Nov 2026 at 09:00, Demo Shop &lt;support@shop.example&gt; wrote:<br></div><blockquote class="gmail_quote">Hello Alice, your order is being prepared.</blockquote></div>`,
    "",
    "--000000000000a1b2c3d4e5f60718--",
    "",
  ]);
}

/** Outlook: the quote is a header block under a rule, with no ">" lines. */
export function outlookReply(body: string, o: SampleOptions = {}): string {
  return crlf([
    `From: Alice Customer <${o.from ?? "alice@demo.test"}>`,
    `To: Demo Shop <${o.to ?? "support@shop.example"}>`,
    `Subject: ${o.subject ?? "RE: Your order"}`,
    "Thread-Topic: Your order",
    "Thread-Index: AQHZ1a2b3c4d5e6f7g8h9i0j",
    "Date: Mon, 23 Nov 2026 10:20:11 +0000",
    `Message-ID: ${o.messageId ?? "<AM0PR07MB6125A1B2C3D4E5F6@AM0PR07MB6125.eurprd07.prod.outlook.com>"}`,
    ...(o.inReplyTo ? [`In-Reply-To: ${o.inReplyTo}`, `References: ${o.inReplyTo}`] : []),
    "Content-Language: en-US",
    "X-MS-Has-Attach:",
    "Content-Type: text/plain; charset=\"us-ascii\"",
    "Content-Transfer-Encoding: quoted-printable",
    "MIME-Version: 1.0",
    "",
    body,
    "",
    "________________________________",
    "From: Demo Shop <support@shop.example>",
    "Sent: Monday, November 23, 2026 9:00 AM",
    "To: Alice Customer <alice@demo.test>",
    "Subject: Your order",
    "",
    "Hello Alice, your order is being prepared.",
    "",
  ]);
}

/** Apple Mail (iPhone): "Sent from my iPhone" signature, then an attribution and ">" quotes. */
export function appleMailReply(body: string, o: SampleOptions = {}): string {
  return crlf([
    "Content-Type: text/plain; charset=utf-8",
    "Content-Transfer-Encoding: quoted-printable",
    `From: Alice Customer <${o.from ?? "alice@demo.test"}>`,
    "Mime-Version: 1.0 (1.0)",
    "Date: Mon, 23 Nov 2026 10:25:40 +0000",
    `Subject: ${o.subject ?? "Re: Your order"}`,
    `Message-Id: ${o.messageId ?? "<5F0C7E2A-3B1D-4C8E-9A7B-1D2E3F4A5B6C@demo.test>"}`,
    ...(o.inReplyTo ? [`In-Reply-To: ${o.inReplyTo}`, `References: ${o.inReplyTo}`] : []),
    `To: ${o.to ?? "Demo Shop <support@shop.example>"}`,
    "X-Mailer: iPhone Mail (21A329)",
    "",
    body,
    "",
    "Sent from my iPhone",
    "",
    "> On 23 Nov 2026, at 09:00, Demo Shop <support@shop.example> wrote:",
    ">=20",
    "> =EF=BB=BFHello Alice, your order is being prepared.",
    "",
  ]);
}

/** French, Latin-1: a quoted-printable body, an RFC 2047 subject, "Le … a écrit :" on two lines. */
export function frenchReply(o: SampleOptions = {}): string {
  return crlf([
    `From: =?ISO-8859-1?Q?Am=E9lie_Dupr=E9?= <${o.from ?? "alice@demo.test"}>`,
    `To: ${o.to ?? "support@shop.example"}`,
    `Subject: ${o.subject ?? "=?ISO-8859-1?Q?Re=3A_O=F9_en_est_ma_commande_=3F?="}`,
    "Date: Mon, 23 Nov 2026 11:02:00 +0100",
    `Message-ID: ${o.messageId ?? "<20261123110200.4F2A1@laposte.example>"}`,
    "MIME-Version: 1.0",
    "Content-Type: text/plain; charset=ISO-8859-1",
    "Content-Transfer-Encoding: quoted-printable",
    "",
    "Bonjour, o=F9 en est ma commande ? Merci d'avance, =E0 bient=F4t.",
    "",
    "Le lun. 23 nov. 2026 =E0 09:00, Demo Shop <support@shop.example> a",
    "=E9crit :",
    "> Bonjour Am=E9lie, votre commande est en pr=E9paration.",
    "",
  ]);
}

/** German attribution "Am … schrieb …:". */
export function germanReply(o: SampleOptions = {}): string {
  return crlf([
    `From: Alice <${o.from ?? "alice@demo.test"}>`,
    "To: support@shop.example",
    "Subject: AW: Bestellung",
    `Message-ID: ${o.messageId ?? "<de-1@web.example>"}`,
    "Content-Type: text/plain; charset=utf-8",
    "",
    "Wann kommt das Paket?",
    "",
    "Am 23.11.2026 um 09:00 schrieb Demo Shop <support@shop.example>:",
    "> Hallo Alice",
    "",
  ]);
}

/** An HTML-only mail (no text/plain part), as some webmails and newsletters send. */
export function htmlOnlyMail(o: SampleOptions = {}): string {
  return crlf([
    `From: Alice Customer <${o.from ?? "alice@demo.test"}>`,
    `To: ${o.to ?? "support@shop.example"}`,
    `Subject: ${o.subject ?? "Question"}`,
    `Message-ID: ${o.messageId ?? "<html-only-1@webmail.example>"}`,
    "MIME-Version: 1.0",
    "Content-Type: text/html; charset=utf-8",
    "Content-Transfer-Encoding: base64",
    "",
    Buffer.from("<html><body><p>Can I change the <b>delivery address</b>?</p><p>Thanks &amp; regards</p></body></html>").toString("base64"),
    "",
  ]);
}

/** multipart/mixed with a base64 PDF attached. */
export function mailWithAttachment(o: SampleOptions = {}): string {
  const pdf = Buffer.from("%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n");
  return crlf([
    `From: Alice Customer <${o.from ?? "alice@demo.test"}>`,
    `To: ${o.to ?? "support@shop.example"}`,
    `Subject: ${o.subject ?? "Invoice attached"}`,
    `Message-ID: ${o.messageId ?? "<attach-1@demo.test>"}`,
    "MIME-Version: 1.0",
    'Content-Type: multipart/mixed; boundary="mixed-b1"',
    "",
    "--mixed-b1",
    "Content-Type: text/plain; charset=utf-8",
    "",
    "Here is the invoice you asked for.",
    "--mixed-b1",
    'Content-Type: application/pdf; name="invoice.pdf"',
    'Content-Disposition: attachment; filename="invoice.pdf"',
    "Content-Transfer-Encoding: base64",
    "",
    pdf.toString("base64"),
    "--mixed-b1--",
    "",
  ]);
}

/** An Exchange out-of-office reply. */
export function outOfOffice(o: SampleOptions = {}): string {
  return crlf([
    `From: Alice Customer <${o.from ?? "alice@demo.test"}>`,
    "To: support@shop.example",
    "Subject: Automatic reply: Your order",
    `Message-ID: ${o.messageId ?? "<ooo-1@demo.test>"}`,
    "Auto-Submitted: auto-replied",
    "X-Auto-Response-Suppress: All",
    "Content-Type: text/plain; charset=utf-8",
    "",
    "I am out of the office until Monday.",
    "",
  ]);
}

/** A Postmark inbound webhook body (their documented example's fields). */
export function postmarkInbound(o: { from?: string; to?: string; subject?: string; text?: string; html?: string; messageId?: string; headers?: { Name: string; Value: string }[] } = {}) {
  return {
    FromName: "Alice Customer",
    MessageStream: "inbound",
    From: o.from ?? "alice@demo.test",
    FromFull: { Email: o.from ?? "alice@demo.test", Name: "Alice Customer", MailboxHash: "" },
    To: o.to ?? "support@shop.example",
    ToFull: [{ Email: o.to ?? "support@shop.example", Name: "", MailboxHash: "" }],
    Cc: "",
    CcFull: [],
    Bcc: "",
    BccFull: [],
    OriginalRecipient: o.to ?? "support@shop.example",
    Subject: o.subject ?? "Re: Your order",
    MessageID: "73e6d360-66eb-11e1-8e72-a8904824019b",
    ReplyTo: "",
    MailboxHash: "",
    Date: "Mon, 23 Nov 2026 10:30:00 +0000",
    TextBody: o.text ?? "Is it shipped yet?\n\nOn Mon, 23 Nov 2026 at 09:00, Demo Shop <support@shop.example> wrote:\n> Hello",
    HtmlBody: o.html ?? "",
    StrippedTextReply: "Is it shipped yet?",
    Tag: "",
    Headers: o.headers ?? [
      { Name: "X-Spam-Status", Value: "No" },
      { Name: "Message-ID", Value: o.messageId ?? "<postmark-sample-1@demo.test>" },
    ],
    Attachments: [],
  };
}
