import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { noRequestMeta } from "~/server/audit/write-audit";
import { orders, threads } from "~/server/db/schema";
import { createOrderWithCustomer } from "~/test/messaging-fixtures";
import { createTestDatabase, type TestDatabase } from "~/test/test-database";
import { inboundRejectionCount } from "../inbound-rejections";
import { eventsOf, messagesOfOrder } from "../test-queries";
import { ingest, orderEventRequest } from "../test-requests";
import { applyOrderEvent } from "./apply-order-event";
import { orderEventsCall } from "./order-events-webhook";

const SECRET = "system-events-secret-for-tests";
const call = orderEventsCall(SECRET);
let t: TestDatabase;
let seq = 0;
const eventId = () => `evt_${Date.now()}_${++seq}`;

beforeAll(async () => {
  t = await createTestDatabase();
});
afterAll(async () => t.close());

const post = (event: Record<string, unknown>, timestamp?: number) => ingest(t.db, call, orderEventRequest(JSON.stringify(event), SECRET, timestamp));
const orderOf = async (orderNumber: string) => (await t.db.select().from(orders).where(eq(orders.orderNumber, orderNumber)))[0];

describe("POST /api/events/orders", () => {
  it("posts a system_event from system in a thread it creates, and updates status and tracking in the same transaction", async () => {
    const { orderNumber } = await createOrderWithCustomer(t);
    const id = eventId();
    const response = await post({
      eventId: id,
      orderNumber,
      type: "order.shipped",
      text: "Your order has shipped with UPS.",
      data: { status: "shipped", trackingNumber: "1Z999AA10123456784", trackingUrl: "https://www.ups.com/track?tracknum=1Z999AA10123456784" },
    });
    expect(response.status).toBe(200);
    expect(await response.json()).toMatchObject({ status: "matched", duplicate: false });
    const [message] = await messagesOfOrder(t.db, orderNumber);
    expect(message).toMatchObject({ senderRole: "system", messageType: "system_event", content: "Your order has shipped with UPS.", senderId: null });
    expect(await orderOf(orderNumber)).toMatchObject({ status: "shipped", trackingNumber: "1Z999AA10123456784" });
  });

  it("is idempotent by eventId: the same event twice is one message", async () => {
    const id = eventId();
    const event = { eventId: id, orderNumber: "ORD-1002", type: "order.note", text: "Packed." };
    const before = (await messagesOfOrder(t.db, "ORD-1002")).length;
    expect((await post(event)).status).toBe(200);
    const second = await post(event);
    expect(await second.json()).toMatchObject({ duplicate: true });
    expect((await messagesOfOrder(t.db, "ORD-1002")).length).toBe(before + 1);
    expect(await eventsOf(t.db, "order_events", id)).toHaveLength(1);
  });

  it("an event older than the last applied one is shown but never moves the status backwards", async () => {
    const { orderNumber } = await createOrderWithCustomer(t);
    await post({ eventId: eventId(), orderNumber, type: "order.delivered", text: "Delivered.", occurredAt: "2026-11-20T12:00:00Z", data: { status: "delivered" } });
    await post({ eventId: eventId(), orderNumber, type: "order.shipped", text: "Shipped (late notice).", occurredAt: "2026-11-19T08:00:00Z", data: { status: "shipped" } });
    expect((await orderOf(orderNumber))?.status).toBe("delivered");
    expect((await messagesOfOrder(t.db, orderNumber)).map((m) => m.content)).toEqual(["Delivered.", "Shipped (late notice)."]);
  });

  it("a bad signature, a stale timestamp or a missing one is 401 and stores nothing", async () => {
    const before = inboundRejectionCount("order_events");
    const id = eventId();
    const body = JSON.stringify({ eventId: id, orderNumber: "ORD-1001", type: "x", text: "x" });
    const forged = orderEventRequest(body, "not-the-secret");
    expect((await ingest(t.db, call, forged)).status).toBe(401);
    const stale = Math.floor(Date.now() / 1000) - 6 * 60;
    expect((await post({ eventId: id, orderNumber: "ORD-1001", type: "x", text: "x" }, stale)).status).toBe(401);
    const noTimestamp = orderEventRequest(body, SECRET);
    noTimestamp.headers.delete("x-orderline-timestamp");
    expect((await ingest(t.db, call, noTimestamp)).status).toBe(401);
    expect(inboundRejectionCount("order_events")).toBe(before + 3);
    expect(await eventsOf(t.db, "order_events", id)).toHaveLength(0);
  });

  it("503 when SYSTEM_EVENTS_SECRET is unset", async () => {
    const response = await ingest(t.db, orderEventsCall(undefined), orderEventRequest("{}", SECRET));
    expect(response.status).toBe(503);
    expect(JSON.stringify(await response.json())).toMatch(/SYSTEM_EVENTS_SECRET/);
  });

  it("a signed body that is not an order event is 400 with a reason, kept as failed", async () => {
    const response = await post({ eventId: eventId(), orderNumber: "ORD-1001", type: "x", text: "x", data: { status: "teleported" } });
    expect(response.status).toBe(400);
    expect(((await response.json()) as { error: { message: string } }).error.message).toMatch(/data\.status/);
    expect((await eventsOf(t.db, "order_events")).some((e) => e.status === "failed" && e.rawBody.includes("teleported"))).toBe(true);
  });

  it("an unknown order is 404, kept as failed, and applied when retried after the order exists", async () => {
    const id = eventId();
    const event = { eventId: id, orderNumber: "ORD-LATE1", type: "order.created", text: "Order received." };
    expect((await post(event)).status).toBe(404);
    expect((await eventsOf(t.db, "order_events", id))[0]?.status).toBe("failed");
    await t.db.insert(orders).values({ orderNumber: "ORD-LATE1", storeId: "north", customerName: "Late", customerEmail: "late@example.com" });
    // The shop's own retry of the same call.
    expect((await post(event)).status).toBe(200);
    expect((await eventsOf(t.db, "order_events", id))[0]?.status).toBe("matched");
    expect(await messagesOfOrder(t.db, "ORD-LATE1")).toHaveLength(1);
  });
});

describe("applyOrderEvent (in-process)", () => {
  it("does the same for callers inside the app: thread created, facts updated, idempotent", async () => {
    const { orderNumber, orderId } = await createOrderWithCustomer(t);
    const event = { eventId: eventId(), orderNumber, type: "order.cancelled", text: "Order cancelled at your request.", data: { status: "cancelled" as const } };
    const first = await applyOrderEvent(t.db, event, noRequestMeta);
    expect(first).toMatchObject({ duplicate: false, orderUpdated: true });
    expect(first.message.messageType).toBe("system_event");
    expect(await t.db.select().from(threads).where(eq(threads.orderId, orderId))).toHaveLength(1);
    const again = await applyOrderEvent(t.db, event, noRequestMeta);
    expect(again).toMatchObject({ duplicate: true, orderUpdated: false });
    expect(again.message.id).toBe(first.message.id);
    expect((await orderOf(orderNumber))?.status).toBe("cancelled");
  });
});
