// Verify, store, then hand over: src/server/channels/channel-routes.ts.
export const runtime = "nodejs";
export { handleOrderEvent as POST } from "~/server/channels/channel-routes";
