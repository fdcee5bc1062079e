// Verify, store, then hand over: src/server/channels/channel-routes.ts.
export const runtime = "nodejs";
export { handleSmsWebhook as POST } from "~/server/channels/channel-routes";
