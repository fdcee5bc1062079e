import { expect, test, type Browser, type Page } from "@playwright/test";
import type { PusherRelay } from "../../src/server/realtime/relay/pusher-relay";
import { e2eDatabase } from "../support/e2e-database";
import { signIn } from "../support/sign-in";
import { freshOrder } from "../support/fresh-order";
import { relayDeliveries, startAppServer, startRelay, type AppServer } from "./realtime-servers";

/**
 * A customer and an admin on the same order, each on a different app process (one database, one
 * relay): what one writes appears on the other's page without a reload, internal notes never
 * reach the customer, and with the relay gone the pages fall back to polling and come back live.
 */
test.describe.configure({ mode: "serial" });
test.skip(e2eDatabase().kind !== "postgres", "two app processes on one database need PostgreSQL (PGlite allows one opener)");

let relay: PusherRelay;
let relayPort: number;
let serverA: AppServer;
let serverB: AppServer;
let journey: Awaited<ReturnType<typeof freshOrder>>;
let customer: Page;
let admin: Page;
let threadId: string;

/** Records, in the page, when each awaited text first appears (Date.now: same clock as the runner). */
async function watchTexts(page: Page) {
  await page.evaluate(() => {
    const w = window as unknown as { __pending: Set<string>; __seen: Record<string, number> };
    w.__pending = new Set();
    w.__seen = {};
    new MutationObserver(() => {
      const text = document.body.textContent ?? "";
      for (const marker of w.__pending) {
        if (text.includes(marker)) {
          w.__seen[marker] = Date.now();
          w.__pending.delete(marker);
        }
      }
    }).observe(document.body, { childList: true, subtree: true, characterData: true });
  });
}
async function expectText(page: Page, marker: string) {
  await page.evaluate((m) => (window as unknown as { __pending: Set<string> }).__pending.add(m), marker);
}
async function seenAt(page: Page, marker: string, timeout = 10_000): Promise<number> {
  const handle = await page.waitForFunction((m) => (window as unknown as { __seen: Record<string, number> }).__seen[m], marker, { timeout });
  return (await handle.jsonValue()) as number;
}

async function send(page: Page, text: string, internal = false) {
  await page.getByRole("textbox", { name: "Message", exact: true }).fill(text);
  if (internal) await page.getByRole("tab", { name: "Internal note" }).click();
  const startedAt = Date.now();
  await page.getByRole("button", { name: "Send" }).click();
  return startedAt;
}

const liveStatus = (page: Page) => page.getByRole("status", { name: "Live updates" });

async function open(browser: Browser, server: AppServer, email: string) {
  const page = await (await browser.newContext({ baseURL: server.url })).newPage();
  await signIn(page, email);
  return page;
}

test.beforeAll(async ({ browser }) => {
  test.setTimeout(120_000);
  relay = await startRelay();
  relayPort = relay.port;
  [serverA, serverB] = await Promise.all([startAppServer(relayPort), startAppServer(relayPort)]);
  // An order of the journey's own, so nothing another spec does on the demo orders disturbs it.
  journey = await freshOrder("rt", { name: "Rosa Realtime", status: "processing" });

  customer = await open(browser, serverA, journey.customerEmail);
  await customer.goto(`/orders/${journey.orderNumber}/messages`);
  await expect(liveStatus(customer)).toHaveText("Live");
  await send(customer, "Hello, a question about my order");
  // The stored message, not the composer's optimistic stand-in: the thread exists from then on.
  await expect(customer.getByRole("list", { name: "Messages" }).getByRole("article", { name: /^Message from/ })).toContainText("Hello, a question about my order");
  threadId = await journey.threadId();

  admin = await open(browser, serverB, "admin@demo.test");
  await admin.goto(`/admin/inbox/${threadId}`);
  await expect(admin.getByRole("list", { name: "Messages" })).toContainText("Hello, a question about my order");
  await expect(liveStatus(admin)).toHaveText("Live");
  await Promise.all([watchTexts(customer), watchTexts(admin)]);
});

test.afterAll(async () => {
  await Promise.all([serverA?.stop(), serverB?.stop()]);
  await relay?.close();
});

test("an internal note never appears on the customer's page, live or after a reload", async () => {
  const note = `Internal: check the courier ${Date.now()}`;
  const after = `Public after the note ${Date.now()}`;
  await send(admin, note, true);
  await expect(admin.getByRole("article", { name: /Internal note from/ }).last()).toContainText(note);
  await expectText(customer, after);
  await admin.getByRole("tab", { name: "Reply to customer" }).click();
  await send(admin, after);
  await seenAt(customer, after);
  await expect(customer.getByText(note)).toHaveCount(0);
  await customer.reload();
  await expect(customer.getByRole("list", { name: "Messages" })).toContainText(after);
  await expect(customer.getByText(note)).toHaveCount(0);
  await expect(liveStatus(customer)).toHaveText("Live");
  await watchTexts(customer);
});

test("the customer's bell counts a staff reply live and opens the thread", async () => {
  const bell = customer.getByRole("button", { name: /^Notifications/ });
  await bell.click();
  await customer.getByRole("button", { name: "Mark all read" }).click();
  await expect(bell).toHaveAccessibleName("Notifications");
  await send(admin, `Your parcel left the warehouse ${Date.now()}`);
  await expect(bell).toHaveAccessibleName("Notifications, 1 unread");
  await expect(customer.getByRole("region", { name: "Notifications" }).getByRole("link", { name: new RegExp(`wrote on ${journey.orderNumber}`) }).first()).toBeVisible();
  await customer.getByRole("region", { name: "Notifications" }).getByRole("link").first().click();
  await expect(bell).toHaveAccessibleName("Notifications");
  await expect(customer).toHaveURL(new RegExp(`/orders/${journey.orderNumber}/messages$`));
});

test("the customer's attempt to subscribe to an internal or admin channel is refused", async () => {
  const attempts = await customer.evaluate(async (thread) => {
    const ask = (channel: string) =>
      fetch("/api/pusher/auth", {
        method: "POST",
        headers: { "Content-Type": "application/x-www-form-urlencoded" },
        body: new URLSearchParams({ socket_id: "1234.5678", channel_name: channel }),
      }).then((r) => r.status);
    return {
      internal: await ask(`private-thread-${thread}-internal`),
      inbox: await ask("private-admin-inbox"),
      own: await ask(`private-thread-${thread}`),
    };
  }, threadId);
  expect(attempts).toEqual({ internal: 403, inbox: 403, own: 200 });

  // Straight at the relay with a made-up signature: refused there too.
  const relayAnswer = await customer.evaluate(
    ({ port, thread }) =>
      new Promise<unknown>((resolve) => {
        const socket = new WebSocket(`ws://127.0.0.1:${port}/app/orderline-e2e-key?protocol=7&client=js&version=8.6.0`);
        socket.onmessage = (message) => {
          const data = JSON.parse(String(message.data)) as { event: string; data: unknown };
          if (data.event === "pusher:connection_established") {
            socket.send(JSON.stringify({ event: "pusher:subscribe", data: { channel: `private-thread-${thread}-internal`, auth: "orderline-e2e-key:forged" } }));
          } else if (data.event === "pusher:subscription_error" || data.event === "pusher_internal:subscription_succeeded") {
            socket.close();
            resolve(data.event);
          }
        };
      }),
    { port: relayPort, thread: threadId },
  );
  expect(relayAnswer).toBe("pusher:subscription_error");
});

test("with the relay stopped, messages still arrive by polling, and live again when it returns", async () => {
  test.setTimeout(120_000);
  await relay.close();
  await expect(liveStatus(customer)).not.toHaveText("Live");

  const polled = `While the relay is down ${Date.now()}`;
  await expectText(customer, polled);
  const sentAt = await send(admin, polled);
  const polledAfter = (await seenAt(customer, polled, 15_000)) - sentAt;
  await expect(liveStatus(customer)).not.toHaveText("Live");
  console.log(`relay down: message arrived by polling after ${polledAfter} ms`);

  relay = await startRelay(relayPort);
  const downSince = Date.now();
  await expect(liveStatus(customer)).toHaveText("Live", { timeout: 60_000 });
  await expect(liveStatus(admin)).toHaveText("Live", { timeout: 60_000 });
  console.log(`relay back: pages live again after ${Date.now() - downSince} ms`);

  const live = `Live again ${Date.now()}`;
  await expectText(customer, live);
  const liveSentAt = await send(admin, live);
  // Well under the 5 s poll: it came over the relay.
  expect((await seenAt(customer, live, 5_000)) - liveSentAt).toBeLessThan(1_500);
});

test("ten messages each way appear on the other page without a reload, each by push (latency reported)", async () => {
  test.setTimeout(90_000);
  const latencies: { direction: string; ms: number; viaRelay: number; afterRelay: number }[] = [];
  for (let i = 1; i <= 10; i++) {
    for (const [from, to, direction] of [
      [customer, admin, "customer → admin"],
      [admin, customer, "admin → customer"],
    ] as const) {
      const marker = `${direction === "customer → admin" ? "C" : "A"}-${i}-${Date.now()}`;
      await expectText(to, marker);
      const startedAt = await send(from, `live ${marker}`);
      const visibleAt = await seenAt(to, marker);
      const relayedAt = relayDeliveries.find((t) => t >= startedAt) ?? Number.NaN;
      latencies.push({ direction, ms: visibleAt - startedAt, viaRelay: relayedAt - startedAt, afterRelay: visibleAt - relayedAt });
      await expect(from.getByRole("textbox", { name: "Message", exact: true })).toHaveValue("");
      // People do not write twenty messages a second: let the read receipts' refetches settle.
      await new Promise((resolve) => setTimeout(resolve, 250));
    }
  }
  const median = (values: number[]) => {
    const sorted = [...values].sort((a, b) => a - b);
    return (sorted[(sorted.length - 1) >> 1]! + sorted[sorted.length >> 1]!) / 2;
  };
  const all = latencies.map((l) => l.ms);
  const report = {
    median: median(all),
    customerToAdmin: median(latencies.filter((l) => l.direction === "customer → admin").map((l) => l.ms)),
    adminToCustomer: median(latencies.filter((l) => l.direction === "admin → customer").map((l) => l.ms)),
    max: Math.max(...all),
    // click → the relay fans the event out (send, commit, listener, trigger) / relay → visible (refetch, render)
    clickToRelay: median(latencies.map((l) => l.viaRelay)),
    relayToVisible: median(latencies.map((l) => l.afterRelay)),
  };
  console.log(`realtime latency (click → visible on the other page, ms): ${JSON.stringify(report)}`);
  test.info().annotations.push({ type: "latency-ms", description: JSON.stringify(report) });
  // Every one came by push, not by the 5 s poll. The 300 ms median is a performance goal, measured by
  // `npm run bench` (`live`) rather than asserted here: a timed test fails on a busy CI runner while the
  // code is right (here it measured 163–354 ms at load 13–20 on 2 cores, mostly the send itself).
  expect(report.max).toBeLessThan(2_500);
  // Neither page was reloaded: the first message is still the one loaded at the start.
  await expect(liveStatus(customer)).toHaveText("Live");
});
