"use client";

import { useCallback, useRef, useState } from "react";
import { api } from "~/trpc/react";

export type Draft = {
  content: string;
  isInternal: boolean;
  attachments: { id: string; fileName: string }[];
};

/** A message on its way: shown at once (optimistic), then replaced by the stored one or marked failed. */
export type Outgoing = Draft & {
  key: string;
  state: "sending" | "failed";
  error?: string;
  /** The stored message's id once the server answered; the thread list shows it from then on. */
  sentId?: string;
};

/**
 * The composer's sends, kept beside the thread so each one is on screen from the moment Enter is
 * pressed. A sent one leaves the outbox when the refetched thread holds it (never shown twice, never
 * missing in between); a failed one stays, with its reason, until it is retried or discarded.
 */
export function useOutbox(orderNumber: string) {
  const utils = api.useUtils();
  const [items, setItems] = useState<Outgoing[]>([]);
  const counter = useRef(0);
  const send = api.messages.send.useMutation();

  const update = (key: string, patch: Partial<Outgoing>) =>
    setItems((all) => all.map((item) => (item.key === key ? { ...item, ...patch } : item)));

  const deliver = useCallback(
    async (item: Outgoing) => {
      update(item.key, { state: "sending", error: undefined });
      try {
        const sent = await send.mutateAsync({
          orderNumber,
          content: item.content,
          ...(item.isInternal ? { isInternal: true } : {}),
          ...(item.attachments.length > 0 ? { attachmentIds: item.attachments.map((a) => a.id) } : {}),
        });
        update(item.key, { sentId: sent.id });
        await Promise.all([utils.messages.window.invalidate({ orderNumber }), utils.threads.invalidate(), utils.orders.list.invalidate()]);
        setItems((all) => all.filter((i) => i.key !== item.key));
      } catch (error) {
        update(item.key, { state: "failed", error: error instanceof Error ? error.message : "Network error" });
      }
    },
    // `send.mutateAsync` and `utils` are stable across renders.
    [orderNumber],
  );

  const enqueue = useCallback(
    (draft: Draft) => {
      counter.current += 1;
      const item: Outgoing = { ...draft, key: `out-${counter.current}`, state: "sending" };
      setItems((all) => [...all, item]);
      void deliver(item);
    },
    [deliver],
  );

  const retry = useCallback((item: Outgoing) => void deliver(item), [deliver]);
  const discard = useCallback((key: string) => setItems((all) => all.filter((i) => i.key !== key)), []);

  return { items, enqueue, retry, discard };
}
