import { and, eq } from "drizzle-orm";
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from "vitest";
import { auditLog } from "~/server/db/schema";
import { onDomainEvent } from "~/server/events/domain-events";
import { createTestDatabase, type TestDatabase } from "~/test/test-database";
import { callerFor, createOrderWithCustomer, settleListeners } from "~/test/messaging-fixtures";

let t: TestDatabase;
beforeAll(async () => {
  t = await createTestDatabase();
});
afterAll(() => t.close());

const stopListening: (() => void)[] = [];
afterEach(() => stopListening.splice(0).forEach((stop) => stop()));

describe("threads.close and threads.reopen", () => {
  it("closes and reopens with who and when, audit rows and events; repeating either is a conflict", async () => {
    const adminActor = t.actor("admin@demo.test");
    const admin = callerFor(t, adminActor);
    const events: string[] = [];
    stopListening.push(onDomainEvent("THREAD_CLOSED", (e) => void events.push(`closed ${e.orderNumber} by ${e.closedBy}`)));
    stopListening.push(onDomainEvent("THREAD_REOPENED", (e) => void events.push(`reopened ${e.orderNumber} by ${e.reopenedBy}`)));

    const closed = await admin.threads.close({ orderNumber: "ORD-1002" });
    expect(closed).toMatchObject({ orderNumber: "ORD-1002", status: "closed", closedBy: adminActor.id });
    expect(Date.parse(closed.closedAt ?? "")).toBeGreaterThan(Date.now() - 60_000);
    await expect(admin.threads.close({ orderNumber: "ORD-1002" })).rejects.toMatchObject({ code: "CONFLICT" });
    expect((await callerFor(t, "bob@demo.test").messages.list({ orderNumber: "ORD-1002" })).thread?.status).toBe("closed");

    const reopened = await admin.threads.reopen({ orderNumber: "ORD-1002" });
    expect(reopened).toMatchObject({ id: closed.id, status: "open", closedAt: null, closedBy: null });
    await expect(admin.threads.reopen({ orderNumber: "ORD-1002" })).rejects.toMatchObject({ code: "CONFLICT" });

    const audits = await t.db
      .select()
      .from(auditLog)
      .where(and(eq(auditLog.threadId, closed.id), eq(auditLog.actorId, adminActor.id)));
    expect(audits.map((a) => a.action).sort()).toEqual(["thread.closed", "thread.reopened"]);
    expect(audits.every((a) => a.actorRole === "admin" && a.storeId === "north")).toBe(true);

    await vi.waitFor(() => expect(events).toHaveLength(2));

    await settleListeners(); // and no more arrive
    expect(events).toEqual([`closed ORD-1002 by ${adminActor.id}`, `reopened ORD-1002 by ${adminActor.id}`]);
  });

  it("answers 403 to every other role, even for orders they can see", async () => {
    for (const who of ["alice@demo.test", "rita@demo.test", "sid@demo.test"]) {
      await expect(callerFor(t, who).threads.close({ orderNumber: "ORD-1001" })).rejects.toMatchObject({ code: "FORBIDDEN" });
      await expect(callerFor(t, who).threads.reopen({ orderNumber: "ORD-1001" })).rejects.toMatchObject({ code: "FORBIDDEN" });
    }
  });

  it("answers 404 for an order without a thread and for an unknown order", async () => {
    const { orderNumber } = await createOrderWithCustomer(t);
    const admin = callerFor(t, "admin@demo.test");
    await expect(admin.threads.close({ orderNumber })).rejects.toMatchObject({ code: "NOT_FOUND", message: "Thread not found" });
    await expect(admin.threads.reopen({ orderNumber })).rejects.toMatchObject({ code: "NOT_FOUND", message: "Thread not found" });
    await expect(admin.threads.close({ orderNumber: "ORD-9999" })).rejects.toMatchObject({ code: "NOT_FOUND", message: "Order not found" });
  });
});
