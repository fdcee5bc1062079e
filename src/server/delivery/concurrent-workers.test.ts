import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestDatabase, type TestDatabase } from "~/test/test-database";
import { runDeliveryBatch } from "./run-delivery-worker";
import { deliveryRow, queueStaffReply, testConfig, testWorkerOptions } from "./test-support";

/**
 * Workers side by side take disjoint rows (FOR UPDATE SKIP LOCKED + the lease), on the server and
 * on the embedded default alike.
 */
describe.each([{ driver: "postgres" as const }, { driver: "pglite" as const }])("three workers at once on $driver", ({ driver }) => {
  let t: TestDatabase;
  beforeAll(async () => {
    t = await createTestDatabase(driver === "pglite" ? { driver } : {});
  });
  afterAll(async () => {
    await t.close();
  });

  it("send every row exactly once between them", async () => {
    const queued = await Promise.all(Array.from({ length: 10 }, () => queueStaffReply(t, { channel: "email" })));
    const options = { ...testWorkerOptions, batchSize: 4 };
    const reports = await Promise.all([1, 2, 3].map(() => runDeliveryBatch(t.db, testConfig(), options)));
    expect(reports.reduce((sum, report) => sum + report.claimed, 0)).toBe(10);
    expect(reports.reduce((sum, report) => sum + report.sent, 0)).toBe(10);
    for (const { delivery } of queued) {
      const row = await deliveryRow(t, delivery.id);
      expect(row.status).toBe("sent");
      expect(row.attempts).toBe(1);
      expect(row.capturedMail).toContain(row.providerMessageId!);
    }
  });
});
