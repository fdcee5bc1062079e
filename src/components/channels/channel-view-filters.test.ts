import { describe, expect, it } from "vitest";
import { deliveryFilters, deliveryListInput, filtersQueryString, inboundEventFilters, inboundEventListInput } from "./channel-view-filters";

const reader = (query: string) => {
  const params = new URLSearchParams(query);
  return (name: string) => params.get(name);
};

describe("channel view filters in the URL", () => {
  it("reads the events log's channel as its provider (SMS is Twilio) and keeps only known values", () => {
    expect(inboundEventListInput(reader("channel=sms&status=failed"))).toEqual({ provider: "twilio", status: "failed" });
    expect(inboundEventListInput(reader("channel=fax&status=lost"))).toEqual({});
    expect(inboundEventListInput(reader(""))).toEqual({});
  });

  it("reads deliveries' status and channel; in-app is never delivered, so never a filter", () => {
    expect(deliveryListInput(reader("status=sent&channel=email"))).toEqual({ status: "sent", channel: "email" });
    expect(deliveryListInput(reader("channel=in_app"))).toEqual({});
  });

  it("keeps the filters, in one order, when a link opens an item beside the list", () => {
    expect(filtersQueryString(reader("cursor=x&status=failed&channel=whatsapp"), inboundEventFilters)).toBe("channel=whatsapp&status=failed");
    expect(filtersQueryString(reader("channel=email&status=nope"), deliveryFilters)).toBe("channel=email");
  });
});
