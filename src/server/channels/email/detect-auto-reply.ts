/**
 * Why a mail is not a person writing — an auto-reply, a bounce, a list mail, or our own outbound
 * mail coming back — or null. Such mail is kept as an event but never threaded and never answered
 * (answering an auto-reply is how mail loops start). RFC 3834 `Auto-Submitted`, the de-facto
 * `Precedence`, `X-Autoreply`/`X-Autorespond` (Exchange and others), mailer-daemon senders.
 */
export function detectAutoReply(headers: (name: string) => string | undefined, from: string, ownAddress: string | undefined): string | null {
  const autoSubmitted = headers("auto-submitted")?.trim().toLowerCase();
  if (autoSubmitted && autoSubmitted !== "no") return `Auto-Submitted: ${autoSubmitted}`;
  const precedence = headers("precedence")?.trim().toLowerCase();
  if (precedence && ["bulk", "auto_reply", "junk", "list"].includes(precedence)) return `Precedence: ${precedence}`;
  if (headers("x-autoreply")) return "X-Autoreply";
  if (headers("x-autorespond")) return "X-Autorespond";
  if (/^multipart\/report\b/i.test(headers("content-type") ?? "")) return "delivery report (bounce)";
  const local = from.split("@")[0] ?? "";
  if (/^(mailer-daemon|postmaster)$/i.test(local)) return `bounce from ${from}`;
  if (ownAddress && from === ownAddress.toLowerCase()) return "our own outbound mail";
  return null;
}

/** The address inside a MAIL_FROM like `Orderline <support@shop.example>`. */
export function addressOf(mailbox: string | undefined): string | undefined {
  if (!mailbox) return undefined;
  const angled = /<([^>]+)>/.exec(mailbox);
  return (angled?.[1] ?? mailbox).trim().toLowerCase() || undefined;
}
