"use client";

import { channelNames, realtimeEvents } from "~/server/realtime/channel-names";
import { api } from "~/trpc/react";
import { LiveStatusBadge } from "./LiveStatusBadge";
import { useLiveChannels, type RefreshReason } from "./use-live-channels";

/**
 * What each page listens to. Events carry ids only; the page refetches through tRPC, so the
 * access policy is applied once, on read.
 */
export type LivePage =
  | { page: "customer-orders"; userId: string }
  | { page: "customer-thread"; userId: string; orderNumber: string }
  | { page: "admin-inbox" }
  | { page: "partner-list"; storeId: string | null; supplierId: string | null }
  | { page: "staff-thread"; threadId: string; orderNumber: string; internal: boolean };

function channelsFor(page: LivePage): string[] {
  switch (page.page) {
    // Customers hear about their orders on their own channel, which also covers an order whose
    // thread does not exist yet.
    case "customer-orders":
    case "customer-thread":
      return [channelNames.user(page.userId)];
    case "admin-inbox":
      return [channelNames.adminInbox()];
    case "partner-list":
      return [
        ...(page.storeId ? [channelNames.store(page.storeId)] : []),
        ...(page.supplierId ? [channelNames.supplier(page.supplierId)] : []),
      ];
    case "staff-thread":
      return [channelNames.thread(page.threadId), ...(page.internal ? [channelNames.threadInternal(page.threadId)] : [])];
  }
}

/** The page's live subscription, shown as a small status line; one line in each page. */
export function LiveUpdates(props: LivePage) {
  const utils = api.useUtils();
  const refresh = (reason: RefreshReason) => {
    const about = reason.kind === "event" ? reason.payload.orderNumber : null;
    // A poll must not cancel a fetch in flight (a "Load more" would be lost and refetched as one
    // page); if one is running, this poll is skipped and the next catches up. An event does cancel
    // it: a fetch that began before the message was committed would miss it.
    const options = reason.kind === "poll" ? { cancelRefetch: false } : undefined;
    switch (props.page) {
      case "customer-orders":
        void utils.orders.list.invalidate(undefined, undefined, options);
        return;
      case "customer-thread":
        if (about === null || about === props.orderNumber) {
          void utils.messages.window.invalidate({ orderNumber: props.orderNumber }, undefined, options);
        }
        return;
      case "admin-inbox":
        void utils.threads.list.invalidate(undefined, undefined, options);
        void utils.search.messages.invalidate(undefined, undefined, options);
        return;
      case "partner-list":
        void utils.threads.list.invalidate(undefined, undefined, options);
        return;
      case "staff-thread":
        void utils.messages.window.invalidate({ orderNumber: props.orderNumber }, undefined, options);
        // The header (status, closed by) changes only on close and reopen; refetching it on every
        // message would make each update wait for two procedures in one batch.
        if (reason.kind !== "event" || reason.event === realtimeEvents.threadClosed || reason.event === realtimeEvents.threadReopened) {
          void utils.threads.get.invalidate({ threadId: props.threadId }, undefined, options);
        }
        return;
    }
  };
  const status = useLiveChannels(channelsFor(props), refresh);
  return <LiveStatusBadge status={status} />;
}
