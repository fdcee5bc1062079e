import { describe, expect, it } from "vitest";
import type { InboundMessage } from "../inbound-message";
import { parsePostmarkInbound, parseRawEmail } from "./parse-email";
import {
  appleMailReply,
  frenchReply,
  germanReply,
  gmailReply,
  htmlOnlyMail,
  mailWithAttachment,
  outlookReply,
  outOfOffice,
  postmarkInbound,
} from "./test-emails";

async function parseOne(raw: string, mailFrom?: string): Promise<InboundMessage> {
  const [envelope] = await parseRawEmail(Buffer.from(raw, "latin1"), { mailFrom });
  if (envelope?.parsed.kind !== "message") throw new Error("no message");
  return envelope.parsed;
}

describe("parseRawEmail: real clients' replies", () => {
  it("Gmail: keeps the reply, drops the attribution and the quote, reads the headers", async () => {
    const m = await parseOne(gmailReply("Thanks! When will it ship?", { inReplyTo: "<out-1@orderline.example>" }));
    expect(m.text).toBe("Thanks! When will it ship?");
    expect(m.from).toBe("alice@demo.test");
    expect(m.fromName).toBe("Alice Customer");
    expect(m.providerMessageId).toBe("<CAGm3qd7x9Q2v=Vb0Z+gmail1@mail.gmail.com>");
    expect(m.references).toEqual(["<out-1@orderline.example>"]);
    expect(m.to).toContain("support@shop.example");
    expect(m.autoReply).toBeNull();
  });

  it("Outlook: the header-block quote (no '>' lines) is removed", async () => {
    const m = await parseOne(outlookReply("Please send it to my office instead."));
    expect(m.text).toBe("Please send it to my office instead.");
    expect(m.text).not.toContain("Sent:");
  });

  it("Apple Mail: 'Sent from my iPhone' and the quote are removed", async () => {
    const m = await parseOne(appleMailReply("Yes please, go ahead."));
    expect(m.text).toBe("Yes please, go ahead.");
  });

  it("French, ISO-8859-1: quoted-printable body, RFC 2047 subject and name, two-line 'a écrit :'", async () => {
    const m = await parseOne(frenchReply());
    expect(m.subject).toBe("Re: Où en est ma commande ?");
    expect(m.fromName).toBe("Amélie Dupré");
    expect(m.text).toBe("Bonjour, où en est ma commande ? Merci d'avance, à bientôt.");
  });

  it("German: 'Am … schrieb …:' is an attribution", async () => {
    expect((await parseOne(germanReply())).text).toBe("Wann kommt das Paket?");
  });

  it("HTML-only mail becomes text", async () => {
    const m = await parseOne(htmlOnlyMail());
    expect(m.text).toContain("Can I change the delivery address?");
    expect(m.text).toContain("Thanks & regards");
    expect(m.text).not.toContain("<");
  });

  it("an attachment is listed with its name, type and size", async () => {
    const m = await parseOne(mailWithAttachment());
    expect(m.text).toBe("Here is the invoice you asked for.");
    expect(m.attachments).toEqual([{ fileName: "invoice.pdf", contentType: "application/pdf", size: expect.any(Number) }]);
    expect(m.attachments[0]?.size).toBeGreaterThan(20);
  });
});

describe("auto-replies and bounces are recognised", () => {
  it.each([
    ["Auto-Submitted: auto-replied", outOfOffice(), /Auto-Submitted/],
    ["Precedence: bulk", gmailReply("x", { extraHeaders: ["Precedence: bulk"] }), /Precedence/],
    ["Precedence: auto_reply", gmailReply("x", { extraHeaders: ["Precedence: auto_reply"] }), /Precedence/],
    ["X-Autoreply", gmailReply("x", { extraHeaders: ["X-Autoreply: yes"] }), /X-Autoreply/],
    ["X-Autorespond", gmailReply("x", { extraHeaders: ["X-Autorespond: vacation"] }), /X-Autorespond/],
    ["mailer-daemon", gmailReply("Delivery failed", { from: "MAILER-DAEMON@mx.example" }), /bounce/],
  ])("%s", async (_name, raw, reason) => {
    expect((await parseOne(raw)).autoReply).toMatch(reason);
  });

  it("our own MAIL_FROM coming back", async () => {
    const m = await parseOne(gmailReply("loop", { from: "support@shop.example" }), "Demo Shop <support@shop.example>");
    expect(m.autoReply).toBe("our own outbound mail");
  });

  it("Auto-Submitted: no is a person", async () => {
    expect((await parseOne(gmailReply("hi", { extraHeaders: ["Auto-Submitted: no"] }))).autoReply).toBeNull();
  });
});

describe("parsePostmarkInbound", () => {
  it("reads Postmark's JSON: sender, recipients, the mail's own Message-ID, stripped text", async () => {
    const [envelope] = await parsePostmarkInbound(
      JSON.stringify(
        postmarkInbound({
          headers: [
            { Name: "Message-ID", Value: "<pm-1@demo.test>" },
            { Name: "In-Reply-To", Value: "<out-9@orderline.example>" },
          ],
        }),
      ),
      {},
    );
    expect(envelope?.providerEventId).toBe("message:<pm-1@demo.test>");
    const m = envelope?.parsed as InboundMessage;
    expect(m.text).toBe("Is it shipped yet?");
    expect(m.references).toEqual(["<out-9@orderline.example>"]);
    expect(m.from).toBe("alice@demo.test");
  });

  it("HTML-only Postmark mail becomes text", async () => {
    const [envelope] = await parsePostmarkInbound(JSON.stringify(postmarkInbound({ text: "", html: "<p>Hello <i>shop</i></p>" })), {});
    expect((envelope?.parsed as InboundMessage).text).toBe("Hello shop");
  });

  it("a body that is not Postmark's shape is malformed", async () => {
    await expect(parsePostmarkInbound(JSON.stringify({ hello: "world" }), {})).rejects.toThrow(/Not a Postmark inbound message/);
  });
});
