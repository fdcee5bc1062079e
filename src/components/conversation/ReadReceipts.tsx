import type { Message } from "../MessageBubble";
import { RelativeTime } from "./RelativeTime";

/**
 * Who has read my message. A customer learns only that the shop has ("Seen by the shop": which
 * person, or which partner, is not theirs to know); staff see each reader's role and when.
 */
export function ReadReceipts({ message, viewerIsCustomer }: { message: Message; viewerIsCustomer: boolean }) {
  const readers = message.readBy.filter((r) => r.userId !== message.senderId);
  if (viewerIsCustomer) {
    const seen = readers.filter((r) => r.role !== "customer");
    return (
      <p className="mt-1 text-xs text-slate-600" data-testid="receipt">
        {seen.length > 0 ? "Seen by the shop" : "Sent"}
      </p>
    );
  }
  if (readers.length === 0)
    return (
      <p className="mt-1 text-xs text-slate-600" data-testid="receipt">
        Not read yet
      </p>
    );
  return (
    <ul aria-label="Read by" className="mt-1 text-xs text-slate-600" data-testid="receipt">
      {readers.map((r) => (
        <li key={r.userId}>
          Seen by {r.role === "customer" ? "the customer" : `a ${r.role}`} · <RelativeTime iso={r.readAt} />
        </li>
      ))}
    </ul>
  );
}
