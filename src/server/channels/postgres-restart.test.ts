import { execFile, execFileSync } from "node:child_process";
import { chownSync, existsSync, mkdtempSync, readdirSync, rmSync } from "node:fs";
import { createServer } from "node:net";
import path from "node:path";
import { promisify } from "node:util";
import { and, eq, inArray, sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { connectPostgres, type Database, type DbHandle } from "~/server/db/client";
import { inboundEvents, messages } from "~/server/db/schema";
import { seedDemoData } from "~/server/db/seed";
import { sweepInboundEvents } from "./sweep-inbound-events";
import { messagesOfOrder } from "./test-queries";
import { metaRequest } from "./test-requests";
import { metaJson, waChange, waMessage, waWebhook } from "./whatsapp/test-payloads";

/**
 * "Restarting Postgres during a burst of signed webhooks loses nothing the app answered 2xx for",
 * on a PostgreSQL server of this test's own (the shared one on :5432 is never touched): 200 signed
 * WhatsApp webhooks through the app's route handler, the server stopped mid-burst and started
 * again. Every 2xx must be a committed event whose message reaches its thread; every call during
 * the outage must be a 5xx (Meta retries those), never a 2xx or a 4xx.
 */

vi.hoisted(() => {
  process.env.WHATSAPP_APP_SECRET = "meta-app-secret-for-restart";
});
const SECRET = "meta-app-secret-for-restart";
const CALLS = 200;
const run = promisify(execFile);

/** The newest installed PostgreSQL's bin directory, or null. */
function postgresBinDir(): string | null {
  const root = "/usr/lib/postgresql";
  if (!existsSync(root)) return null;
  const versions = readdirSync(root)
    .filter((v) => existsSync(path.join(root, v, "bin", "initdb")) && existsSync(path.join(root, v, "bin", "pg_ctl")))
    .sort((a, b) => Number(b) - Number(a));
  return versions[0] ? path.join(root, versions[0], "bin") : null;
}

const binDir = postgresBinDir();
const isRoot = process.getuid?.() === 0;

/** initdb and postgres refuse to run as root: as root, run them as the `postgres` user. */
const asPostgres = (bin: string, args: string[]) => (isRoot ? ["runuser", ["-u", "postgres", "--", path.join(binDir!, bin), ...args]] : [path.join(binDir!, bin), args]) as [string, string[]];

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

let dataDir = "";
let port = 0;
let handle: DbHandle;
let postWhatsApp: (request: Request) => Promise<Response>;
const pgCtl = (...args: string[]) => run(...asPostgres("pg_ctl", ["-D", dataDir, "-w", ...args]));
const pgStart = () => pgCtl("-l", path.join(dataDir, "server.log"), "-o", `-p ${port} -k ${dataDir} -c listen_addresses=127.0.0.1`, "start");

describe.skipIf(!binDir)(`Postgres restarted in a burst of signed webhooks (${binDir ?? "skipped: no PostgreSQL binaries under /usr/lib/postgresql"})`, () => {
  beforeAll(async () => {
    dataDir = mkdtempSync("/tmp/orderline-pg-");
    if (isRoot) {
      const uid = Number(execFileSync("id", ["-u", "postgres"]).toString().trim());
      const gid = Number(execFileSync("id", ["-g", "postgres"]).toString().trim());
      chownSync(dataDir, uid, gid);
    }
    port = await freePort();
    await run(...asPostgres("initdb", ["-D", dataDir, "-A", "trust", "-U", "postgres", "--no-sync", "-E", "UTF8"]));
    await pgStart();
    const url = `postgres://postgres@127.0.0.1:${port}/postgres`;
    handle = connectPostgres(url, { max: 10 });
    await handle.migrate();
    await seedDemoData(handle.db);
    (globalThis as unknown as { orderlineDb?: Promise<Database> }).orderlineDb = Promise.resolve(handle.db);
    ({ POST: postWhatsApp } = await import("~/app/api/webhooks/whatsapp/route"));
  }, 120_000);

  afterAll(async () => {
    (globalThis as unknown as { orderlineDb?: Promise<Database> }).orderlineDb = undefined;
    await handle?.close().catch(() => {});
    if (dataDir) {
      await pgCtl("-m", "immediate", "stop").catch(() => {});
      rmSync(dataDir, { recursive: true, force: true });
    }
  });

  it("every 2xx is stored and threaded; the outage answers 5xx; the provider's retries then lose nothing and duplicate nothing", async () => {
    const wamids = Array.from({ length: CALLS }, (_, i) => `wamid.HBgLMTIwMjU1NTAxMDIVAgASGBRESTART${String(i).padStart(6, "0")}AA==`);
    const bodies = wamids.map((id, i) => metaJson(waWebhook([[waChange({ messages: [waMessage({ id, from: "12025550102", text: `burst ${i}` })] })]])));
    const statuses: number[] = new Array<number>(CALLS).fill(0);
    let answered = 0;
    let outage: Promise<void> | null = null;
    const outageWindow = { from: 0, to: 0 };

    // One call every 15 ms (the provider does not wait for our answers); after 50 answers the
    // server is stopped (fast: open connections are cut), kept down for a second, started again.
    const calls = bodies.map(async (body, i) => {
      await new Promise((resolve) => setTimeout(resolve, i * 15));
      const response = await postWhatsApp(metaRequest(body, SECRET));
      statuses[i] = response.status;
      answered += 1;
      if (answered === 50) {
        outage = (async () => {
          outageWindow.from = Date.now();
          await pgCtl("-m", "fast", "stop");
          await new Promise((resolve) => setTimeout(resolve, 1_000));
          await pgStart();
          outageWindow.to = Date.now();
        })();
      }
    });
    await Promise.all(calls);
    await outage;
    expect(outageWindow.to).toBeGreaterThan(outageWindow.from);

    const ok = wamids.filter((_, i) => statuses[i]! >= 200 && statuses[i]! < 300);
    const refused = wamids.filter((_, i) => statuses[i]! >= 500);
    // Nothing else: no 4xx (the calls were good), no other answer.
    expect(ok.length + refused.length).toBe(CALLS);
    // The restart was hit (else this test proved nothing), and the burst went on around it.
    expect(refused.length).toBeGreaterThan(0);
    expect(ok.length).toBeGreaterThan(50);

    // Every call answered 2xx is a committed event.
    const stored = await handle.db
      .select({ providerEventId: inboundEvents.providerEventId, status: inboundEvents.status })
      .from(inboundEvents)
      .where(and(eq(inboundEvents.provider, "whatsapp"), inArray(inboundEvents.providerEventId, ok.map((id) => `message:${id}`))));
    expect(stored).toHaveLength(ok.length);
    const unfinished = stored.filter((event) => event.status !== "matched").length;

    // Its message is in its thread once processed: in the request, or by the sweep for any whose
    // processing the outage cut short (run here at once instead of waiting for grace and backoff).
    await handle.db.update(inboundEvents).set({ retryAt: sql`now()` }).where(eq(inboundEvents.status, "failed"));
    await sweepInboundEvents(handle.db, { graceMs: 0 });
    const threaded = new Set((await messagesOfOrder(handle.db, "ORD-1002")).map((m) => m.providerMessageId));
    expect(ok.filter((id) => !threaded.has(id))).toEqual([]);

    // Meta retries what we refused; then every message is in the thread exactly once.
    for (const id of refused) {
      const response = await postWhatsApp(metaRequest(bodies[wamids.indexOf(id)]!, SECRET));
      expect(response.status).toBe(200);
    }
    const [{ count, distinct } = { count: 0, distinct: 0 }] = await handle.db
      .select({ count: sql<number>`count(*)::int`, distinct: sql<number>`count(DISTINCT ${messages.providerMessageId})::int` })
      .from(messages)
      .where(inArray(messages.providerMessageId, wamids));
    expect({ count, distinct }).toEqual({ count: CALLS, distinct: CALLS });
    console.info(`postgres restart: ${ok.length} answered 2xx, ${refused.length} answered 5xx during the outage (${unfinished} of the 2xx left for the sweep), all ${CALLS} threaded once`);
  }, 120_000);
});
