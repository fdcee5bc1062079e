export type { Actor, UserRole } from "./actor";
export { parseActor, userRoles } from "./actor";
export * from "./policy";
export { visibleMessagesWhere, visibleOrdersWhere } from "./visible-orders";
