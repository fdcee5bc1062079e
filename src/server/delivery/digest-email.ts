import type Mail from "nodemailer/lib/mailer";
import type { Actor } from "../access";
import { threadPagePath } from "~/navigation/thread-page";
import type { DeliveryConfig } from "./delivery-config";
import type { DigestItem } from "./read-digest";

const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? "" : "s"}`;

/**
 * One mail for a burst: the unread messages grouped by order (in the order they arrived), who
 * wrote and a short preview, and a link to the thread on the reader's own surface. No Reply-To:
 * a digest spans threads, so a reply could not know where it belongs; the links open the pages.
 */
export function digestMailOptions(
  config: Pick<DeliveryConfig, "appUrl" | "email">,
  digest: { reader: Actor; address: string; messageId: string; items: readonly DigestItem[]; total: number },
): Mail.Options & { messageId: string } {
  const byThread = new Map<string, DigestItem[]>();
  for (const item of digest.items) byThread.set(item.threadId, [...(byThread.get(item.threadId) ?? []), item]);
  const orders = [...byThread.values()].map((items) => {
    const first = items[0]!;
    const link = new URL(threadPagePath(digest.reader.role, first), config.appUrl).toString();
    const lines = items.map((item) => `- ${item.isInternal ? "Internal note from " : ""}${item.senderName}: ${item.preview}`);
    return `Order ${first.orderNumber} (${plural(items.length, "new message")})\n${lines.join("\n")}\nOpen the conversation: ${link}`;
  });
  const more = digest.total - digest.items.length;
  const where = byThread.size === 1 ? `order ${digest.items[0]!.orderNumber}` : plural(byThread.size, "order");
  return {
    from: config.email.from,
    to: { name: digest.reader.name, address: digest.address },
    subject: `${plural(digest.total, "unread message")} on ${where}`,
    text: [
      `Hello ${digest.reader.name},`,
      `While you were away, ${plural(digest.total, "message")} arrived that you have not read yet.`,
      ...orders,
      ...(more > 0 ? [`…and ${more} more: open Orderline to see them all.`] : []),
      "You get this email when messages wait unread while you are not online in Orderline. Replies to it are not read.",
    ].join("\n\n") + "\n",
    messageId: digest.messageId,
  };
}
