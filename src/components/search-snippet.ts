/**
 * A snippet that stops mid-word ("…the parcel was deliv…", as a plain cut by length does) is cut
 * back to the last whole word before its ellipsis; ts_headline's fragments already end on words.
 */
export function cutAtWord(snippet: string): string {
  if (!snippet.endsWith("…")) return snippet;
  const body = snippet.slice(0, -1);
  const lastSpace = body.search(/\s\S*$/);
  // One long word with no space before it: nothing better to cut at.
  if (lastSpace <= 0) return snippet;
  return `${body.slice(0, lastSpace).trimEnd()} …`;
}

/** Search hits, newest first, gathered under their thread in the order the threads first appear. */
export function groupByThread<T extends { thread: { id: string } }>(hits: readonly T[]): { threadId: string; hits: T[] }[] {
  const groups = new Map<string, T[]>();
  for (const hit of hits) {
    const group = groups.get(hit.thread.id);
    if (group) group.push(hit);
    else groups.set(hit.thread.id, [hit]);
  }
  return [...groups].map(([threadId, grouped]) => ({ threadId, hits: grouped }));
}
