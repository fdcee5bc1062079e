export type { Actor, UserRole } from "./actor";
export { parseActor, userRoles } from "./actor";
export * from "./policy";
export {
  threadActivityColumn,
  threadHasPublicMessages,
  unreadMessagesOf,
  visibleMessagesWhere,
  visibleOrdersWhere,
  visibleThreadsWhere,
} from "./visibility-where";
