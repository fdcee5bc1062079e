import type { RouterInputs } from "~/trpc/react";

/*
 * The admin inbox's search as it lives in the URL (`/admin/inbox?q=refund&channel=email`), read
 * the same way by the page (to prefetch) and by its client part (to query): hydration finds the
 * prefetched results only when both build the same input. A plain module, not "use client", so
 * the server can call it.
 */

type SearchInput = RouterInputs["search"]["messages"];
type Filter<K extends keyof SearchInput> = Exclude<SearchInput[K], undefined>;
export type ConversationStatus = Filter<"status">;
export type OrderStatus = Filter<"orderStatus">;
export type Channel = Filter<"channel">;
export type SenderRole = Filter<"senderRole">;

// Records, so a value the API adds is a type error here until it is given a label.
export const conversationStatusLabels: Record<ConversationStatus, string> = { open: "Open", closed: "Closed" };
export const orderStatusLabels: Record<OrderStatus, string> = {
  pending: "Pending",
  processing: "Processing",
  shipped: "Shipped",
  delivered: "Delivered",
  completed: "Completed",
  cancelled: "Cancelled",
  refunded: "Refunded",
};
export const senderRoleLabels: Record<SenderRole, string> = {
  customer: "Customer",
  admin: "Admin",
  supplier: "Supplier",
  reseller: "Reseller",
  system: "Order system",
};
const channelValues: Record<Channel, true> = { in_app: true, email: true, whatsapp: true, sms: true };
export const searchChannels = Object.keys(channelValues) as Channel[];

/** The form's state; "" (or false) is "any". */
export interface InboxSearchFields {
  q: string;
  status: ConversationStatus | "";
  unread: boolean;
  orderStatus: OrderStatus | "";
  channel: Channel | "";
  senderRole: SenderRole | "";
  store: string;
  /** YYYY-MM-DD, a UTC day, as the API reads a bare date. */
  from: string;
  to: string;
}

export const emptyInboxSearch: InboxSearchFields = {
  q: "",
  status: "",
  unread: false,
  orderStatus: "",
  channel: "",
  senderRole: "",
  store: "",
  from: "",
  to: "",
};

/** The API's limit, in UTF-16 code units as zod counts them. */
export const KEYWORD_MAX_LENGTH = 200;

export type ReadParam = (name: string) => string | null | undefined;

/** A Server Component's `searchParams` read like URLSearchParams.get: a repeated name gives its first value. */
export function readSearchParams(params: Record<string, string | string[] | undefined>): ReadParam {
  return (name) => {
    const value = params[name];
    return Array.isArray(value) ? value[0] : value;
  };
}

function oneOf<T extends string>(labels: Record<T, unknown>, value: string | null | undefined): T | "" {
  return value && Object.hasOwn(labels, value) ? (value as T) : "";
}

/** Trimmed, NULs dropped (Postgres text can't hold them), cut to the API's length without splitting a character. */
function keyword(value: string | null | undefined): string {
  let kept = "";
  for (const char of (value ?? "").replaceAll("\u0000", " ").trim()) {
    if (kept.length + char.length > KEYWORD_MAX_LENGTH) break;
    kept += char;
  }
  return kept.trim();
}

/** A real calendar day from year 1 on (the API refuses year 0), else "". */
function day(value: string | null | undefined): string {
  if (!value || !/^\d{4}-\d{2}-\d{2}$/.test(value) || value.startsWith("0000")) return "";
  const parsed = new Date(`${value}T00:00:00Z`);
  // 2024-02-30 parses as 1 March: only a round trip proves the day exists.
  return !Number.isNaN(parsed.getTime()) && parsed.toISOString().slice(0, 10) === value ? value : "";
}

/**
 * Reads the search from URL parameters. Lenient on purpose: a hand-edited or stale link must
 * still open the inbox, so an unknown value (a status that does not exist, a store that is gone,
 * 2024-13-01) is ignored rather than refused.
 */
export function parseInboxSearch(read: ReadParam, storeIds: readonly string[]): InboxSearchFields {
  const store = read("store") ?? "";
  const unread = read("unread");
  return {
    q: keyword(read("q")),
    status: oneOf(conversationStatusLabels, read("status")),
    unread: unread === "1" || unread === "true",
    orderStatus: oneOf(orderStatusLabels, read("orderStatus")),
    channel: oneOf(channelValues, read("channel")),
    senderRole: oneOf(senderRoleLabels, read("senderRole")),
    store: storeIds.includes(store) ? store : "",
    from: day(read("from")),
    to: day(read("to")),
  };
}

/** The URL query for a search, without "?": only what is set, always in one order (so equal searches give equal URLs). */
export function inboxSearchQueryString(search: InboxSearchFields): string {
  const params = new URLSearchParams();
  const q = keyword(search.q);
  if (q) params.set("q", q);
  if (search.status) params.set("status", search.status);
  if (search.unread) params.set("unread", "1");
  if (search.orderStatus) params.set("orderStatus", search.orderStatus);
  if (search.channel) params.set("channel", search.channel);
  if (search.senderRole) params.set("senderRole", search.senderRole);
  if (search.store) params.set("store", search.store);
  if (search.from) params.set("from", search.from);
  if (search.to) params.set("to", search.to);
  return params.toString();
}

/** How many filters (the keyword aside) are set. */
export function activeFilterCount(search: InboxSearchFields): number {
  return Object.entries(search).filter(([name, value]) => name !== "q" && value !== "" && value !== false).length;
}

/** True when a keyword or any filter is set: the inbox then shows messages instead of threads. */
export function isSearching(search: InboxSearchFields): boolean {
  return inboxSearchQueryString(search) !== "";
}

/** The `search.messages` input; only the set fields, so the server's prefetch and the client's query share one key. */
export function messageSearchInput(search: InboxSearchFields) {
  const q = keyword(search.q);
  return {
    ...(q && { keyword: q }),
    ...(search.status && { status: search.status }),
    ...(search.unread && { unread: true }),
    ...(search.orderStatus && { orderStatus: search.orderStatus }),
    ...(search.channel && { channel: search.channel }),
    ...(search.senderRole && { senderRole: search.senderRole }),
    ...(search.store && { storeId: search.store }),
    ...(search.from && { from: search.from }),
    ...(search.to && { to: search.to }),
  } satisfies Omit<SearchInput, "cursor">;
}
