export type { Actor, UserRole } from "./actor";
export { parseActor, userRoles } from "./actor";
export * from "./policy";
export {
  threadActivityColumn,
  unreadMessagesOf,
  visibleMessagesWhere,
  visibleOrdersWhere,
  visibleThreadsWhere,
} from "./visibility-where";
