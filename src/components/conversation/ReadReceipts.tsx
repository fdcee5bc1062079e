import type { Message } from "../MessageBubble";
import { RelativeTime } from "./RelativeTime";

type Receipt = Message["readBy"][number];

/** "Dana Admin (admin)": who read, as staff and partners see them (customers never get names). */
function reader(receipt: Receipt): string {
  const name = "name" in receipt ? receipt.name : undefined;
  return name ? `${name} (${receipt.role})` : receipt.role === "customer" ? "the customer" : `a ${receipt.role}`;
}

/**
 * Who has read a message. A customer learns only that the shop has read theirs ("Seen by the
 * shop": which person, or which partner, is not theirs to know, and their answer carries no names).
 * Staff and partners see each reader by name and role, and when: one reader in a line, several as
 * the latest one and a list that opens. The writer's receipt, and the viewer's own, are left out.
 */
export function ReadReceipts({
  message,
  mine,
  viewerId,
  viewerIsCustomer,
}: {
  message: Message;
  mine: boolean;
  viewerId: string;
  viewerIsCustomer: boolean;
}) {
  const readers = message.readBy.filter((r) => r.userId !== message.senderId && r.userId !== viewerId);
  if (viewerIsCustomer) {
    const seen = readers.filter((r) => r.role !== "customer");
    return (
      <p className="mt-1 text-xs text-slate-600" data-testid="receipt">
        {seen.length > 0 ? "Seen by the shop" : "Sent"}
      </p>
    );
  }
  const latest = readers.at(-1);
  if (!latest)
    return mine ? (
      <p className="mt-1 text-xs text-slate-600" data-testid="receipt">
        Not read yet
      </p>
    ) : null;
  if (readers.length === 1)
    return (
      <p className="mt-1 text-xs text-slate-600" data-testid="receipt">
        Seen by {reader(latest)} · <RelativeTime iso={latest.readAt} />
      </p>
    );
  const others = readers.length - 1;
  return (
    <details className="mt-1 text-xs text-slate-600" data-testid="receipt">
      <summary className="cursor-pointer rounded focus:outline-none focus-visible:ring-2 focus-visible:ring-brand">
        Seen by {reader(latest)} and {others} {others === 1 ? "other" : "others"} · <RelativeTime iso={latest.readAt} />
      </summary>
      <ul aria-label="Read by" className="mt-1 space-y-0.5 pl-3">
        {readers.toReversed().map((r) => (
          <li key={r.userId}>
            {reader(r)} · <RelativeTime iso={r.readAt} />
          </li>
        ))}
      </ul>
    </details>
  );
}
