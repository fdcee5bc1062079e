import EmailReplyParser from "email-reply-parser";

/**
 * Where quoted history starts in forms email-reply-parser does not know: Outlook's header block
 * (no ">" lines: a rule or "-----Original Message-----", then "From:/De :/Von:" and a date line)
 * and attributions split over two lines by a mail client's wrapping.
 */
const OUTLOOK_SEPARATOR = /^\s*(?:_{10,}|-{3,}\s*(?:Original Message|Message d'origine|Ursprüngliche Nachricht|Mensaje original)\s*-{3,})\s*$/im;
const HEADER_BLOCK = /^\s*\*?(?:From|De|Von|Van|Da)\s*\*?\s*:.+\n(?:.*\n){0,2}?\s*\*?(?:Sent|Date|Envoyé|Gesendet|Enviado|Inviato|Verzonden)\s*\*?\s*:/im;
const ATTRIBUTIONS = [
  /^\s*On\b[^\n]{0,200}(?:\n[^\n]{0,200})?\bwrote:\s*$/im,
  /^\s*Le\b[^\n]{0,200}(?:\n[^\n]{0,200})?\ba\s+écrit\s*:\s*$/im,
  /^\s*Am\b[^\n]{0,200}(?:\n[^\n]{0,200})?\bschrieb[^\n]{0,200}:\s*$/im,
];

function cutAtFirst(text: string, patterns: readonly RegExp[]): string {
  let cut = text.length;
  for (const pattern of patterns) {
    const found = pattern.exec(text);
    if (found && found.index < cut) cut = found.index;
  }
  return text.slice(0, cut);
}

/**
 * What the person wrote in a reply: quoted history, attributions and signatures removed. The
 * whole text comes back when stripping would leave nothing (a forward with no words of its own):
 * better a long message than an empty one. The raw mail stays in inbound_events either way.
 */
export function stripQuotedReply(text: string): string {
  const normalised = text.replace(/\r\n?/g, "\n");
  const beforeQuotes = cutAtFirst(normalised, [OUTLOOK_SEPARATOR, HEADER_BLOCK, ...ATTRIBUTIONS]);
  const visible = new EmailReplyParser().parseReply(beforeQuotes).trim();
  return visible || beforeQuotes.trim() || normalised.trim();
}
