/** Lists count unread messages up to 100 (the server stops there): beyond 99 they say "99+". */
export function unreadLabel(count: number): string {
  return `${count > 99 ? "99+" : count} unread`;
}
