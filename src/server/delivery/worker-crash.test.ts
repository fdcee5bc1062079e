import { spawn, type ChildProcess } from "node:child_process";
import path from "node:path";
import { inArray } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { deliveries } from "~/server/db/schema";
import { createTestDatabase, type TestDatabase } from "~/test/test-database";
import { queueStaffReply, startSmtpServer } from "./test-support";

/**
 * The worker as `npm run worker` runs it, in a child process, killed with SIGKILL in the middle
 * of a batch and started again. Needs a PostgreSQL server (two processes on one database); the
 * test database is one whenever 127.0.0.1:5432 or TEST_DATABASE_URL answers.
 */
const ROWS = 24;
const BATCH = 6;
const LEASE_MS = 1_500;

let t: TestDatabase;
let smtp: Awaited<ReturnType<typeof startSmtpServer>>;
const children: ChildProcess[] = [];
let firstWorker: ChildProcess | undefined;

beforeAll(async () => {
  t = await createTestDatabase();
  // The worker dies while the server holds mail number BATCH + 2 without having answered "250 OK":
  // the worst moment, when the mail is out and the worker can never learn so.
  smtp = await startSmtpServer({
    delayMs: 50,
    beforeAccept: async (received) => {
      if (received.length === BATCH + 2 && firstWorker) {
        firstWorker.kill("SIGKILL");
        if (firstWorker.exitCode === null && firstWorker.signalCode === null) await new Promise((resolve) => firstWorker!.once("exit", resolve));
      }
    },
  });
});
afterAll(async () => {
  for (const child of children) if (child.exitCode === null) child.kill("SIGKILL");
  await smtp.close();
  await t.close();
});

function startWorker(): ChildProcess {
  const root = path.resolve(import.meta.dirname, "../../..");
  const child = spawn(
    process.execPath,
    ["--import", "tsx", "scripts/worker.ts", "--batch-size", String(BATCH), "--lease-ms", String(LEASE_MS), "--poll-ms", "50"],
    {
      cwd: root,
      env: { ...process.env, DATABASE_URL: t.url!, SMTP_URL: smtp.url, REPLY_DOMAIN: "reply.shop.example", SKIP_ENV_VALIDATION: "" },
      stdio: ["ignore", "pipe", "pipe"],
    },
  );
  let stderr = "";
  child.stderr?.on("data", (chunk: Buffer) => (stderr += chunk.toString()));
  child.on("exit", (code, signal) => {
    if (code && code !== 0) console.error(`worker exited ${code} ${signal ?? ""}: ${stderr}`);
  });
  children.push(child);
  return child;
}

async function waitFor(condition: () => boolean | Promise<boolean>, timeoutMs: number, what: string) {
  const deadline = Date.now() + timeoutMs;
  while (!(await condition())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

describe.runIf(inject("testDatabase").kind === "postgres")("a worker killed in the middle of a batch", () => {
  it("loses no delivery: after a restart every row is sent, each Message-ID reached the SMTP server", async () => {
    const ids: string[] = [];
    for (let i = 0; i < ROWS; i++) ids.push((await queueStaffReply(t, { channel: "email", content: `Reply ${i}` })).delivery.id);
    const rows = () => t.db.select().from(deliveries).where(inArray(deliveries.id, ids));

    firstWorker = startWorker();
    await new Promise((resolve) => firstWorker!.once("exit", resolve));
    expect(firstWorker.signalCode).toBe("SIGKILL");

    const atKill = await rows();
    const inFlight = atKill.filter((row) => row.status === "sending");
    const sentAtKill = atKill.filter((row) => row.status === "sent");
    expect(inFlight.length).toBeGreaterThan(0);
    expect(sentAtKill.length).toBeLessThan(ROWS);

    const second = startWorker();
    await waitFor(async () => (await rows()).every((row) => row.status === "sent"), 60_000, "every row sent");
    second.kill("SIGTERM");
    await new Promise((resolve) => second.once("exit", resolve));

    const final = await rows();
    const received = new Map<string, number>();
    for (const mail of smtp.received) received.set(mail.parsed.messageId!, (received.get(mail.parsed.messageId!) ?? 0) + 1);
    // Every row went out, and the server saw exactly one Message-ID per row: a recipient that
    // drops repeated Message-IDs (as mail clients do) shows each reply once.
    expect(new Set(final.map((row) => row.providerMessageId))).toEqual(new Set(received.keys()));
    expect(received.size).toBe(ROWS);
    // A resend happens only for rows that were in flight when the worker died, never for rows it recorded.
    const inFlightIds = new Set(inFlight.map((row) => row.providerMessageId));
    for (const [messageId, count] of received) if (count > 1) expect(inFlightIds.has(messageId)).toBe(true);
    for (const row of sentAtKill) expect(received.get(row.providerMessageId!)).toBe(1);
    // Rows taken again after the lease show the extra attempt.
    for (const row of final) expect(row.attempts).toBe(inFlightIds.has(row.providerMessageId) ? 2 : 1);
  }, 120_000);
});
