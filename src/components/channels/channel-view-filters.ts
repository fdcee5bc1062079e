import type { ReadParam } from "../InboxSearchParams";
import type { RouterInputs } from "~/trpc/react";

/*
 * The admins' channel views' filters as they live in the URL (`/admin/webhooks?channel=sms&status=failed`),
 * and the list inputs they give. Lenient like the inbox's: an unknown value in a hand-edited link
 * is ignored, so the link still opens the list. A plain module, so server and tests can call it.
 */

type EventsInput = RouterInputs["webhooks"]["events"];
type DeliveriesInput = RouterInputs["deliveries"]["list"];
export type Provider = Exclude<EventsInput["provider"], undefined>;
export type InboundStatus = Exclude<EventsInput["status"], undefined>;
export type DeliveryStatus = Exclude<DeliveriesInput["status"], undefined>;
export type DeliveryChannel = Exclude<DeliveriesInput["channel"], undefined>;

// Records, so a value the API adds is a type error here until it is given a label.
export const providerLabels: Record<Provider, string> = { whatsapp: "WhatsApp", twilio: "SMS", email: "Email", order_events: "Order system" };
/** People say "SMS", not "Twilio": the URL names the channel, the API filters by provider. */
const providerOfChannel: Record<string, Provider> = { whatsapp: "whatsapp", sms: "twilio", email: "email", order_events: "order_events" };
const channelOfProvider = Object.fromEntries(Object.entries(providerOfChannel).map(([channel, provider]) => [provider, channel])) as Record<Provider, string>;
/** The message channel a provider's messages arrive on, for their icon. */
export const providerChannel: Record<Provider, string | null> = { whatsapp: "whatsapp", twilio: "sms", email: "email", order_events: null };

export const inboundStatusLabels: Record<InboundStatus, string> = {
  unmatched: "unmatched",
  failed: "failed",
  received: "waiting",
  matched: "matched",
  duplicate: "duplicate",
  ignored: "ignored",
};
export const deliveryStatusLabels: Record<DeliveryStatus, string> = {
  pending: "pending",
  sending: "sending",
  sent: "sent",
  delivered: "delivered",
  failed: "failed",
  cancelled: "cancelled",
};
export const deliveryChannelLabels: Record<DeliveryChannel, string> = { email: "Email", whatsapp: "WhatsApp", sms: "SMS" };

/** One select of a filter pane: the URL parameter it sets and the values it offers. */
export interface FilterSpec {
  name: string;
  label: string;
  anyLabel: string;
  options: { value: string; label: string }[];
}

const capitalised = (text: string) => text.charAt(0).toUpperCase() + text.slice(1);
const optionsOf = (labels: Record<string, string>) => Object.entries(labels).map(([value, label]) => ({ value, label: capitalised(label) }));

export const inboundEventFilters: FilterSpec[] = [
  {
    name: "channel",
    label: "Channel",
    anyLabel: "Any channel",
    options: (Object.keys(providerLabels) as Provider[]).map((provider) => ({ value: channelOfProvider[provider], label: providerLabels[provider] })),
  },
  { name: "status", label: "Status", anyLabel: "Any status", options: optionsOf(inboundStatusLabels) },
];

export const deliveryFilters: FilterSpec[] = [
  { name: "status", label: "Status", anyLabel: "Any status", options: optionsOf(deliveryStatusLabels) },
  { name: "channel", label: "Channel", anyLabel: "Any channel", options: optionsOf(deliveryChannelLabels) },
];

function oneOf<T extends string>(labels: Record<T, unknown>, value: string | null | undefined): T | undefined {
  return value && Object.hasOwn(labels, value) ? (value as T) : undefined;
}

/** The events log's input: only the set filters, so the layout's prefetch and the list share one key. */
export function inboundEventListInput(read: ReadParam): { provider?: Provider; status?: InboundStatus } {
  const channel = read("channel");
  const provider = channel && Object.hasOwn(providerOfChannel, channel) ? providerOfChannel[channel] : undefined;
  const status = oneOf(inboundStatusLabels, read("status"));
  return { ...(provider && { provider }), ...(status && { status }) };
}

export function deliveryListInput(read: ReadParam): { status?: DeliveryStatus; channel?: DeliveryChannel } {
  const status = oneOf(deliveryStatusLabels, read("status"));
  const channel = oneOf(deliveryChannelLabels, read("channel"));
  return { ...(status && { status }), ...(channel && { channel }) };
}

/** The filters part of a query string, known values only and in the filters' order, for links that keep the list as it is. */
export function filtersQueryString(read: ReadParam, filters: FilterSpec[]): string {
  const params = new URLSearchParams();
  for (const filter of filters) {
    const value = read(filter.name);
    if (value && filter.options.some((option) => option.value === value)) params.set(filter.name, value);
  }
  return params.toString();
}
