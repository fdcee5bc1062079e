/**
 * DESIGN.md's private channels. Only the thread channel and the user channel reach customers;
 * `-internal` and the admin inbox are for admins; store and supplier channels for partners.
 */
export const channelNames = {
  thread: (threadId: string) => `private-thread-${threadId}`,
  threadInternal: (threadId: string) => `private-thread-${threadId}-internal`,
  adminInbox: () => "private-admin-inbox",
  store: (storeId: string) => `private-store-${storeId}`,
  supplier: (supplierId: string) => `private-supplier-${supplierId}`,
  user: (userId: string) => `private-user-${userId}`,
};

export type ParsedChannel =
  | { kind: "thread"; threadId: string }
  | { kind: "threadInternal"; threadId: string }
  | { kind: "adminInbox" }
  | { kind: "store"; storeId: string }
  | { kind: "supplier"; supplierId: string }
  | { kind: "user"; userId: string };

const UUID = "[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}";
// Store and supplier ids are the platform's own text ids (`north`, `acme`).
const TEXT_ID = "[A-Za-z0-9_\\-=@,.;]{1,100}";
const patterns: [RegExp, (m: RegExpExecArray) => ParsedChannel][] = [
  [new RegExp(`^private-thread-(${UUID})-internal$`), (m) => ({ kind: "threadInternal", threadId: m[1]! })],
  [new RegExp(`^private-thread-(${UUID})$`), (m) => ({ kind: "thread", threadId: m[1]! })],
  [/^private-admin-inbox$/, () => ({ kind: "adminInbox" })],
  [new RegExp(`^private-store-(${TEXT_ID})$`), (m) => ({ kind: "store", storeId: m[1]! })],
  [new RegExp(`^private-supplier-(${TEXT_ID})$`), (m) => ({ kind: "supplier", supplierId: m[1]! })],
  [new RegExp(`^private-user-(${UUID})$`), (m) => ({ kind: "user", userId: m[1]! })],
];

/** The channel a name stands for, or null for any name Orderline never broadcasts on. */
export function parseChannelName(name: string): ParsedChannel | null {
  for (const [pattern, build] of patterns) {
    const match = pattern.exec(name);
    if (match) return build(match);
  }
  return null;
}

/** Event names on the wire; payloads carry ids only (the client refetches through tRPC). */
export const realtimeEvents = {
  messageCreated: "message-created",
  messagesRead: "messages-read",
  threadClosed: "thread-closed",
  threadReopened: "thread-reopened",
  notification: "notification",
} as const;

export interface RealtimePayload {
  threadId: string;
  orderNumber: string;
  messageId?: string;
}
