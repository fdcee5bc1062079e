import { createElement, type ReactNode } from "react";

export interface SnippetPart {
  text: string;
  hit: boolean;
}

/**
 * A hit as the search API marks it: `**word**`. Postgres's ts_headline wraps each matching token
 * on its own (a phrase comes back as `**exact** **phrase**`), and its parser never puts whitespace
 * or `*` inside a token, so a marked span holds neither. The API does not escape `**` that the
 * sender typed ("5 ** 2", "**urgent**"); requiring a span without whitespace or `*` keeps such
 * text as it was written instead of pairing it with a real marker.
 */
const MARKED_HIT = /\*\*([^\s*]+)\*\*/g;

/** Splits a search snippet into plain text and hits; the markers of a hit are dropped. */
export function splitSnippet(snippet: string): SnippetPart[] {
  const parts: SnippetPart[] = [];
  let plainFrom = 0;
  for (const match of snippet.matchAll(MARKED_HIT)) {
    if (match.index > plainFrom) parts.push({ text: snippet.slice(plainFrom, match.index), hit: false });
    parts.push({ text: match[1]!, hit: true });
    plainFrom = match.index + match[0].length;
  }
  if (plainFrom < snippet.length) parts.push({ text: snippet.slice(plainFrom), hit: false });
  return parts;
}

/**
 * The snippet as React nodes: text stays text (React escapes it), hits become <mark>. Message
 * content is untrusted and stored exactly as sent, so it is never handed to the DOM as HTML.
 */
export function highlightSnippet(snippet: string): ReactNode[] {
  return splitSnippet(snippet).map((part, i) => (part.hit ? createElement("mark", { key: i }, part.text) : part.text));
}
