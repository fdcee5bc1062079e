/** The inbox's single-key shortcuts, as the help overlay lists them; which apply depends on the surface. */
export interface InboxAbilities {
  reply: boolean;
  note: boolean;
  close: boolean;
  search: boolean;
}

export type ShortcutAction = "next" | "previous" | "reply" | "note" | "close" | "search" | "help";

/**
 * What the list holds, as the help overlay names it: the same keys walk the inbox's conversations
 * and the channel views' events and deliveries.
 */
export type ListItemNoun = "conversation" | "inbound event" | "delivery";

const shortcuts: { key: string; action: ShortcutAction | "open"; what: (item: ListItemNoun) => string; needs?: keyof InboxAbilities }[] = [
  { key: "j", action: "next", what: (item) => `Next ${item} in the list` },
  { key: "k", action: "previous", what: (item) => `Previous ${item} in the list` },
  { key: "Enter", action: "open", what: (item) => `Open the chosen ${item}` },
  { key: "r", action: "reply", what: () => "Reply to the customer", needs: "reply" },
  { key: "n", action: "note", what: () => "Write an internal note", needs: "note" },
  { key: "e", action: "close", what: () => "Close the conversation", needs: "close" },
  { key: "/", action: "search", what: () => "Search", needs: "search" },
  { key: "?", action: "help", what: () => "Show these shortcuts" },
];

/** The help overlay's lines: the keys this surface answers, worded for what its list holds. */
export function shortcutHelp(can: InboxAbilities, item: ListItemNoun): { key: string; what: string }[] {
  return shortcuts.filter((s) => !s.needs || can[s.needs]).map((s) => ({ key: s.key, what: s.what(item) }));
}

/**
 * The action a key press asks for, or null: never while the reader types in a field (a reply
 * full of j's and k's must stay a reply), and never with a modifier held (Ctrl+R reloads).
 */
export function shortcutFor(
  event: { key: string; ctrlKey: boolean; metaKey: boolean; altKey: boolean; target: { tagName?: string; isContentEditable?: boolean } | null },
  can: InboxAbilities,
): ShortcutAction | null {
  if (event.ctrlKey || event.metaKey || event.altKey) return null;
  const tag = event.target?.tagName?.toLowerCase();
  if (tag === "input" || tag === "textarea" || tag === "select" || event.target?.isContentEditable) return null;
  const found = shortcuts.find((s) => s.key === event.key && s.action !== "open");
  if (!found || found.action === "open") return null;
  if (found.needs && !can[found.needs]) return null;
  return found.action;
}
