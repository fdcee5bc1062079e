import { createServer } from "node:net";
import type { AddressInfo } from "node:net";
import Pusher from "pusher";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { connectTestClient } from "~/test/pusher-test-client";
import { channelNames } from "./channel-names";
import { onlineUsersVia } from "./online-users";
import { startPusherRelay, type PusherRelay } from "./relay/pusher-relay";

const app = { id: "online-test", key: "online-test-key", secret: "online-test-secret" };
let relay: PusherRelay;
const sdk = (port: number) => new Pusher({ appId: app.id, key: app.key, secret: app.secret, host: "127.0.0.1", port: String(port), useTLS: false });

beforeAll(async () => {
  relay = await startPusherRelay({ apps: [app] });
});
afterAll(() => relay.close());

/** A port nothing listens on: taken and released. */
async function closedPort() {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

describe("who is online", () => {
  it("is whoever holds their own user channel, asked of the relay with the official SDK", async () => {
    const [here, away] = [crypto.randomUUID(), crypto.randomUUID()];
    const client = connectTestClient(relay, app.key, (socketId, channel) => sdk(relay.port).authorizeChannel(socketId, channel));
    try {
      await new Promise<void>((resolve) => client.subscribe(channelNames.user(here)).bind("pusher:subscription_succeeded", () => resolve()));
      expect(await onlineUsersVia(sdk(relay.port))([here, away])).toEqual(new Set([here]));
    } finally {
      client.disconnect();
    }
  });

  it("is nobody without realtime configured", async () => {
    expect(await onlineUsersVia(null)([crypto.randomUUID()])).toEqual(new Set());
  });

  it("counts users as offline when the realtime server cannot be reached, logging once for the whole step", async () => {
    const logged: string[] = [];
    const users = [crypto.randomUUID(), crypto.randomUUID(), crypto.randomUUID()];
    const online = await onlineUsersVia(sdk(await closedPort()), (message) => logged.push(message))(users);
    expect(online).toEqual(new Set());
    expect(logged).toEqual(["online check failed for 3 of 3 user(s): counted as offline"]);
  });
});
