export type { Actor, UserRole } from "./actor";
export { userRoles } from "./actor";
export * from "./policy";
export { visibleMessagesWhere, visibleOrdersWhere } from "./visible-orders";
