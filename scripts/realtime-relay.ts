/** `npm run realtime:relay`: the local Pusher-protocol relay alone (a development tool, not for production). */
import { startRelayFromEnv } from "../src/server/realtime/relay/relay-from-env";

const relay = await startRelayFromEnv(process.env, (line) => console.log(`[relay] ${line}`));
if (!relay) process.exit(1);
for (const signal of ["SIGINT", "SIGTERM"] as const) {
  process.once(signal, () => void relay.close().then(() => process.exit(0)));
}
