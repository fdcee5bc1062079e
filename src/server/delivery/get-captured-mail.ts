import { eq } from "drizzle-orm";
import { simpleParser } from "mailparser";
import type { DbOrTx } from "../db/client";
import { deliveries } from "../db/schema";
import { notFound } from "../errors";

/** A mail the worker captured instead of sending (development without SMTP_URL), raw and read. */
export async function getCapturedMail(db: DbOrTx, input: { deliveryId: string }) {
  const [row] = await db
    .select({ id: deliveries.id, capturedMail: deliveries.capturedMail })
    .from(deliveries)
    .where(eq(deliveries.id, input.deliveryId));
  if (!row?.capturedMail) throw notFound("Captured mail");
  const parsed = await simpleParser(row.capturedMail);
  const header = (name: string) => {
    const value = parsed.headers.get(name);
    return typeof value === "string" ? value : null;
  };
  return {
    deliveryId: row.id,
    from: parsed.from?.text ?? null,
    to: parsed.to ? [parsed.to].flat().map((to) => to.text).join(", ") : null,
    replyTo: parsed.replyTo?.text ?? null,
    subject: parsed.subject ?? null,
    messageId: parsed.messageId ?? null,
    inReplyTo: parsed.inReplyTo ?? null,
    references: parsed.references ? [parsed.references].flat() : [],
    date: header("date") ?? (parsed.date ? parsed.date.toISOString() : null),
    text: parsed.text ?? "",
    raw: row.capturedMail,
  };
}
