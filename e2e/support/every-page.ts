import { expect, type Page } from "@playwright/test";
import { freshOrder } from "./fresh-order";
import { signIn } from "./sign-in";
import { postWhatsApp } from "./whatsapp-webhook";

/**
 * Every page of the app, as each demo role reaches it: the one list the accessibility and
 * screenshot specs walk, so a new page is added here once and checked both ways. A thread page's
 * id is read from its list (ids are random per database), as a person would find it.
 */
export interface PageVisit {
  /** File-name safe, unique across roles: `<role>-<page>`. */
  name: string;
  /** A path, or how to find one from the page the browser is on. */
  path: string | ((page: Page) => Promise<string>);
  /** What shows the page has its content (not a skeleton): the level-1 heading. */
  heading: string | RegExp;
}

export interface RoleVisit {
  role: "signed-out" | "customer" | "reseller" | "supplier" | "admin";
  email: string | null;
  pages: PageVisit[];
}

/** The href of the first link in a list page whose name matches, read after opening the list. */
function threadFrom(list: string, link: RegExp) {
  return async (page: Page): Promise<string> => {
    await page.goto(list);
    const href = await page.getByRole("main").getByRole("link", { name: link }).first().getAttribute("href");
    expect(href, `a link matching ${link} on ${list}`).toBeTruthy();
    return href!;
  };
}

/** A WhatsApp from a stranger (so it waits unmatched), then the first item of a channel view's list. */
function inboundEventFrom(list: string) {
  return async (page: Page): Promise<string> => {
    await postWhatsApp(page.request, "12025550166", `Hello, where is my parcel? (${Date.now()})`);
    return threadFrom(list, /Walk-in Customer/)(page);
  };
}

/** An admin's reply on an order of its own, so the outbox holds a delivery of known content to open. */
async function deliveryPath(page: Page): Promise<string> {
  const order = await freshOrder("SHOT");
  const sent = await page.request.post(`/api/orders/${order.orderNumber}/messages`, { data: { content: "Your parcel left the warehouse this morning." } });
  expect(sent.status()).toBe(201);
  return threadFrom("/admin/deliveries", new RegExp(order.orderNumber))(page);
}

const notFound = { heading: "We can’t find that page" };
const tokens = { path: "/settings/tokens", heading: "API tokens" };

export const everyPage: RoleVisit[] = [
  {
    role: "signed-out",
    email: null,
    pages: [
      { name: "signed-out-login", path: "/login", heading: "Sign in to Orderline" },
      { name: "signed-out-not-found", path: "/no-such-page", ...notFound },
    ],
  },
  {
    role: "customer",
    email: "alice@demo.test",
    pages: [
      { name: "customer-orders", path: "/orders", heading: "Your orders" },
      { name: "customer-order-thread", path: "/orders/ORD-1001/messages", heading: "Order ORD-1001" },
      { name: "customer-api-tokens", ...tokens },
      // Bob's order: refused exactly as a missing one is.
      { name: "customer-not-found", path: "/orders/ORD-1002/messages", ...notFound },
      { name: "customer-not-for-your-account", path: "/admin/inbox", heading: "This page is not for your account" },
    ],
  },
  {
    role: "reseller",
    email: "rita@demo.test",
    pages: [
      { name: "reseller-threads", path: "/partner", heading: "Partner threads" },
      { name: "reseller-thread", path: threadFrom("/partner", /ORD-1001/), heading: /ORD-1001/ },
      { name: "reseller-api-tokens", ...tokens },
    ],
  },
  {
    role: "supplier",
    email: "sid@demo.test",
    pages: [
      { name: "supplier-threads", path: "/partner", heading: "Partner threads" },
      { name: "supplier-thread", path: threadFrom("/partner", /ORD-1003/), heading: /ORD-1003/ },
    ],
  },
  {
    role: "admin",
    email: "admin@demo.test",
    pages: [
      { name: "admin-inbox", path: "/admin/inbox", heading: "Inbox" },
      { name: "admin-inbox-search", path: "/admin/inbox?q=warehouse", heading: "Inbox" },
      { name: "admin-thread", path: threadFrom("/admin/inbox", /ORD-1001/), heading: /ORD-1001/ },
      // A search hit: the thread opened at that message, the results beside it.
      { name: "admin-search-hit", path: threadFrom("/admin/inbox?q=warehouse", /warehouse/), heading: /ORD-/ },
      { name: "admin-inbound-events", path: "/admin/webhooks", heading: "Inbound events" },
      { name: "admin-inbound-event", path: inboundEventFrom("/admin/webhooks"), heading: "WhatsApp message" },
      { name: "admin-unmatched", path: "/admin/webhooks/unmatched", heading: "Unmatched messages" },
      { name: "admin-unmatched-message", path: inboundEventFrom("/admin/webhooks/unmatched"), heading: "WhatsApp message" },
      { name: "admin-deliveries", path: "/admin/deliveries", heading: "Deliveries" },
      { name: "admin-delivery", path: deliveryPath, heading: /to ORD-.*’s customer/ },
      { name: "admin-api-tokens", ...tokens },
      { name: "admin-not-found", path: "/admin/inbox/00000000-0000-4000-8000-000000000000", ...notFound },
    ],
  },
];

/** Signs in as the role (or stays signed out), opens the page and waits until it has settled. */
export async function openAs(page: Page, role: RoleVisit, visit: PageVisit): Promise<void> {
  const path = typeof visit.path === "string" ? visit.path : await visit.path(page);
  await page.goto(path);
  await expect(page.getByRole("heading", { level: 1, name: visit.heading })).toBeVisible();
  // Hydration done and the lists' data in, so what is checked is what a person sees.
  await page.waitForLoadState("networkidle");
}

export async function signInAs(page: Page, role: RoleVisit): Promise<void> {
  if (role.email) await signIn(page, role.email);
}
