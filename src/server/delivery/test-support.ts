import { createServer, type IncomingMessage, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { simpleParser, type ParsedMail } from "mailparser";
import { SMTPServer } from "smtp-server";
import { createOrderWithCustomer } from "~/test/messaging-fixtures";
import { deliveries, messages, orders, threads } from "~/server/db/schema";
import { eq } from "drizzle-orm";
import type { TestDatabase } from "~/test/test-database";
import type { DeliveryConfig, DeliveryWorkerOptions } from "./delivery-config";

/** Test-only: a real SMTP server, fake provider APIs that check what they receive, and outbox rows. */

export interface ReceivedMail {
  envelopeTo: string[];
  raw: string;
  parsed: ParsedMail;
}

/** smtp-server on a free port; every accepted mail is parsed with mailparser. */
export async function startSmtpServer(
  options: {
    delayMs?: number;
    reject?: (to: string) => number | null;
    /** Runs after a mail is received and before the server answers "250 OK" (a crash lands here). */
    beforeAccept?: (received: ReceivedMail[]) => void | Promise<void>;
  } = {},
) {
  const received: ReceivedMail[] = [];
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ["STARTTLS"],
    logger: false,
    onRcptTo(address, _session, callback) {
      const code = options.reject?.(address.address);
      if (code) {
        const error = Object.assign(new Error(`Mailbox ${address.address} refused`), { responseCode: code });
        return callback(error);
      }
      callback();
    },
    onData(stream, session, callback) {
      const chunks: Buffer[] = [];
      stream.on("data", (chunk: Buffer) => chunks.push(chunk));
      stream.on("end", () => {
        const raw = Buffer.concat(chunks).toString("utf8");
        void simpleParser(raw).then(async (parsed) => {
          received.push({ envelopeTo: session.envelope.rcptTo.map((r) => r.address), raw, parsed });
          await options.beforeAccept?.(received);
          if (options.delayMs) setTimeout(() => callback(), options.delayMs);
          else callback();
        }, callback);
      });
    },
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const port = (server.server.address() as AddressInfo).port;
  return {
    url: `smtp://127.0.0.1:${port}`,
    received,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

export interface RecordedRequest {
  method: string;
  path: string;
  headers: IncomingMessage["headers"];
  body: string;
}

/** A local HTTP server standing in for a provider API: records each request and answers with `respond`. */
export async function startFakeProvider(respond: (request: RecordedRequest) => { status: number; body: unknown }) {
  const requests: RecordedRequest[] = [];
  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (chunk: Buffer) => chunks.push(chunk));
    req.on("end", () => {
      const request = { method: req.method ?? "", path: req.url ?? "", headers: req.headers, body: Buffer.concat(chunks).toString("utf8") };
      requests.push(request);
      const answer = respond(request);
      res.writeHead(answer.status, { "Content-Type": "application/json" });
      res.end(JSON.stringify(answer.body));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    requests,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

export const testWorkerOptions: DeliveryWorkerOptions = {
  batchSize: 10,
  leaseMs: 60_000,
  maxAttempts: 3,
  baseDelayMs: 1_000,
  maxDelayMs: 60_000,
  pollMs: 50,
};

export function testConfig(overrides: Partial<DeliveryConfig> & { smtpUrl?: string | null } = {}): DeliveryConfig {
  return {
    appUrl: "https://app.shop.example",
    realtime: overrides.realtime ?? null,
    email: {
      smtpUrl: overrides.smtpUrl ?? null,
      captureWithoutSmtp: true,
      from: "Orderline <no-reply@shop.example>",
      replyDomain: "reply.shop.example",
    },
    whatsapp: overrides.whatsapp ?? null,
    sms: overrides.sms ?? null,
  };
}

/**
 * An order with a thread and one staff reply queued for delivery on `channel` (as the send core
 * will queue it). `customerMessages` are written first, with their own times and channels.
 */
export async function queueStaffReply(
  t: TestDatabase,
  options: {
    channel: "email" | "whatsapp" | "sms";
    phone?: string | null;
    content?: string;
    customerMessages?: { channel: "email" | "whatsapp" | "sms" | "in_app"; at: Date; providerMessageId?: string }[];
    isInternal?: boolean;
    /** Queue the delivery for a customer's own inbound message instead (to test the echo refusal). */
    echoOfCustomerMessage?: boolean;
  },
) {
  const order = await createOrderWithCustomer(t);
  const phone = options.phone === undefined ? "+1 202-555-0101" : options.phone;
  await t.db.update(orders).set({ customerPhone: phone }).where(eq(orders.id, order.orderId));
  const [thread] = await t.db.insert(threads).values({ storeId: order.storeId, orderId: order.orderId }).returning();
  if (!thread) throw new Error("no thread");
  for (const message of options.customerMessages ?? []) {
    await t.db.insert(messages).values({
      storeId: order.storeId,
      threadId: thread.id,
      senderRole: "customer",
      senderName: order.customer.name ?? "Customer",
      channel: message.channel,
      content: "Where is my parcel?",
      providerMessageId: message.providerMessageId ?? null,
      createdAt: message.at,
    });
  }
  const admin = t.actor("admin@demo.test");
  const [message] = await t.db
    .insert(messages)
    .values(
      options.echoOfCustomerMessage
        ? {
            storeId: order.storeId,
            threadId: thread.id,
            senderRole: "customer",
            senderName: "Customer",
            channel: options.channel,
            content: options.content ?? "My own message",
            providerMessageId: `inbound-${thread.id}`,
          }
        : {
            storeId: order.storeId,
            threadId: thread.id,
            senderRole: "admin",
            senderId: admin.id,
            senderName: "Ada from Support",
            channel: "in_app",
            content: options.content ?? "Your parcel left the warehouse today.",
            isInternal: options.isInternal ?? false,
          },
    )
    .returning();
  if (!message) throw new Error("no message");
  const [customer] = await t.db.select().from(orders).where(eq(orders.id, order.orderId));
  const recipient = options.channel === "email" ? customer!.customerEmail : (phone ?? "");
  const [delivery] = await t.db
    .insert(deliveries)
    .values({ storeId: order.storeId, messageId: message.id, channel: options.channel, recipient })
    .returning();
  if (!delivery) throw new Error("no delivery");
  return { ...order, thread, message, delivery, customerEmail: customer!.customerEmail };
}

export async function deliveryRow(t: TestDatabase, id: string) {
  const [row] = await t.db.select().from(deliveries).where(eq(deliveries.id, id));
  if (!row) throw new Error(`no delivery ${id}`);
  return row;
}

/** Makes every waiting row due now (instead of sleeping through the backoff). */
export async function makeDue(t: TestDatabase, id: string) {
  await t.db.update(deliveries).set({ nextAttemptAt: new Date(Date.now() - 1000) }).where(eq(deliveries.id, id));
}
