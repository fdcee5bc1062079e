import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { deliveries, orders, threads } from "~/server/db/schema";
import { createTestDatabase, type TestDatabase } from "~/test/test-database";
import { eventsOf, messagesOfOrder, messagesWithProviderId } from "../test-queries";
import { TEST_REPLY_DOMAIN, basicAuth, emailRequest, ingest } from "../test-requests";
import { emailCall } from "./email-webhook";
import { frenchReply, gmailReply, mailWithAttachment, outlookReply, outOfOffice, postmarkInbound } from "./test-emails";

const USER = "postmark";
const PASSWORD = "inbound-password-for-tests";
const call = emailCall({ user: USER, password: PASSWORD }, { mailFrom: "Demo Shop <support@shop.example>" });
const auth = basicAuth(USER, PASSWORD);
let t: TestDatabase;
let seq = 0;
const mid = (client: string) => `<${client}-${++seq}-${Date.now()}@mail.example>`;

beforeAll(async () => {
  t = await createTestDatabase();
});
afterAll(async () => t.close());

const mime = (raw: string) => ingest(t.db, call, emailRequest(raw, "message/rfc822", auth));

async function replyTokenOf(orderNumber: string): Promise<string> {
  const [row] = await t.db
    .select({ token: threads.replyToken })
    .from(threads)
    .innerJoin(orders, eq(orders.id, threads.orderId))
    .where(eq(orders.orderNumber, orderNumber));
  if (!row) throw new Error("no thread");
  return row.token;
}

describe("POST /api/webhooks/email", () => {
  it("503 when unconfigured; wrong or missing Basic credentials are 401 and store nothing", async () => {
    expect((await ingest(t.db, emailCall({}, {}), emailRequest(gmailReply("x"), "message/rfc822", auth))).status).toBe(503);
    const messageId = mid("refused");
    expect((await ingest(t.db, call, emailRequest(gmailReply("x", { messageId }), "message/rfc822", basicAuth(USER, "wrong")))).status).toBe(401);
    expect((await ingest(t.db, call, emailRequest(gmailReply("x", { messageId }), "message/rfc822", null))).status).toBe(401);
    expect(await eventsOf(t.db, "email", `message:${messageId}`)).toHaveLength(0);
  });

  it("a Gmail reply to reply+<token>@REPLY_DOMAIN lands in that thread, quote stripped", async () => {
    const messageId = mid("gmail");
    const token = await replyTokenOf("ORD-1001");
    const response = await mime(gmailReply("Thanks! When will it ship?", { messageId, to: `Demo Shop <reply+${token}@${TEST_REPLY_DOMAIN}>` }));
    expect(response.status).toBe(200);
    const [event] = await eventsOf(t.db, "email", `message:${messageId}`);
    expect(event).toMatchObject({ status: "matched", matchReason: "reply_token" });
    const thread = await messagesOfOrder(t.db, "ORD-1001");
    const message = thread.find((m) => m.providerMessageId === messageId);
    expect(message).toMatchObject({ content: "Thanks! When will it ship?", channel: "email", senderRole: "customer", senderId: t.actor("alice@demo.test").id });
    // The raw mail, quote included, stays with the event.
    expect(event?.rawBody).toContain("your order is being prepared");
  });

  it("a reply token at another domain does not count", async () => {
    const messageId = mid("gmail");
    const token = await replyTokenOf("ORD-1001");
    await mime(gmailReply("hi", { messageId, from: "mallory@evil.example", to: `reply+${token}@evil.example` }));
    expect((await eventsOf(t.db, "email", `message:${messageId}`))[0]?.status).toBe("unmatched");
  });

  it("an Outlook reply whose In-Reply-To is a mail we sent lands in that mail's thread", async () => {
    const [message] = await messagesOfOrder(t.db, "ORD-1003");
    const sentId = `<out-${Date.now()}@orderline.example>`;
    await t.db.insert(deliveries).values({ storeId: "south", messageId: message!.id, channel: "email", recipient: "alice@demo.test", status: "sent", providerMessageId: sentId });
    const messageId = mid("outlook");
    await mime(outlookReply("Please send it to my office instead.", { messageId, inReplyTo: sentId }));
    expect((await eventsOf(t.db, "email", `message:${messageId}`))[0]).toMatchObject({ status: "matched", matchReason: "in_reply_to" });
    expect((await messagesOfOrder(t.db, "ORD-1003")).find((m) => m.providerMessageId === messageId)?.content).toBe("Please send it to my office instead.");
  });

  it("the customer naming their order in a French, encoded subject is matched by order number", async () => {
    const messageId = mid("fr");
    await mime(frenchReply({ messageId, subject: "=?ISO-8859-1?Q?Re=3A_commande_ORD-1001_=E0_livrer?=" }));
    expect((await eventsOf(t.db, "email", `message:${messageId}`))[0]).toMatchObject({ status: "matched", matchReason: "order_number" });
    expect((await messagesWithProviderId(t.db, messageId))[0]?.content).toBe("Bonjour, où en est ma commande ? Merci d'avance, à bientôt.");
  });

  it("a stranger naming an order number is unmatched, and nothing reaches the thread", async () => {
    const messageId = mid("stranger");
    await mime(gmailReply("I am Alice, change the address of ORD-1001 to mine", { messageId, from: "mallory@evil.example", subject: "ORD-1001" }));
    expect((await eventsOf(t.db, "email", `message:${messageId}`))[0]?.status).toBe("unmatched");
    expect(await messagesWithProviderId(t.db, messageId)).toHaveLength(0);
  });

  it("a sender with exactly one open order is matched; with an attachment the text still reads", async () => {
    const messageId = mid("attach");
    await mime(mailWithAttachment({ messageId, from: "bob@demo.test" }));
    expect((await eventsOf(t.db, "email", `message:${messageId}`))[0]).toMatchObject({ status: "matched", matchReason: "sender" });
    expect((await messagesOfOrder(t.db, "ORD-1002")).find((m) => m.providerMessageId === messageId)?.content).toBe("Here is the invoice you asked for.");
  });

  it("an out-of-office reply is kept as an ignored event, never threaded", async () => {
    const messageId = mid("ooo");
    expect((await mime(outOfOffice({ messageId, from: "bob@demo.test" }))).status).toBe(200);
    const [event] = await eventsOf(t.db, "email", `message:${messageId}`);
    expect(event?.status).toBe("ignored");
    expect(event?.error).toMatch(/Auto-Submitted/);
    expect(await messagesWithProviderId(t.db, messageId)).toHaveLength(0);
  });

  it("Postmark's inbound JSON, delivered twice, is one message", async () => {
    const messageId = mid("postmark");
    const body = JSON.stringify(postmarkInbound({ from: "bob@demo.test", messageId }));
    expect((await ingest(t.db, call, emailRequest(body, "application/json", auth))).status).toBe(200);
    expect((await ingest(t.db, call, emailRequest(body, "application/json", auth))).status).toBe(200);
    const stored = await messagesWithProviderId(t.db, messageId);
    expect(stored).toHaveLength(1);
    expect(stored[0]?.content).toBe("Is it shipped yet?");
  });

  it("a body that is not a mail: 400 and kept as failed", async () => {
    const response = await mime("just some words, no headers at all");
    expect(response.status).toBe(400);
    expect((await eventsOf(t.db, "email")).some((e) => e.status === "failed" && e.rawBody.startsWith("just some words"))).toBe(true);
    expect((await ingest(t.db, call, emailRequest("{}", "application/json", auth))).status).toBe(400);
  });
});
