import net from "node:net";
import postgres from "postgres";
import { describe, expect, inject, it } from "vitest";

const target = inject("testDatabase");

/**
 * postgres-js 3.4.9 wrote to a socket its close handler had already dropped (porsager/postgres#1154,
 * #1208): an uncatchable TypeError from a setImmediate that killed the process when PostgreSQL
 * restarted under load. scripts/patches/postgres+3.4.9.patch (applied by `npm install`) settles the
 * query with CONNECTION_CLOSED instead; this reproduces the close the way a restart does (a FIN,
 * through a proxy we can cut).
 */
describe.runIf(target.kind === "postgres")("the PostgreSQL driver after the server closes a connection", () => {
  it("rejects the next query with CONNECTION_CLOSED instead of throwing out of a timer", async () => {
    if (target.kind !== "postgres") throw new Error("unreachable");
    const upstream = new URL(target.adminUrl);
    const open: net.Socket[] = [];
    const proxy = net.createServer((client) => {
      const server = net.connect(Number(upstream.port || 5432), upstream.hostname);
      client.pipe(server).pipe(client);
      client.on("error", () => {});
      server.on("error", () => {});
      open.push(client, server);
    });
    await new Promise<void>((resolve) => proxy.listen(0, "127.0.0.1", resolve));
    const { port } = proxy.address() as net.AddressInfo;
    const proxied = new URL(target.adminUrl);
    proxied.hostname = "127.0.0.1";
    proxied.port = String(port);
    const client = postgres(proxied.toString(), { max: 1, onnotice: () => {} });
    try {
      // A reserved connection is pinned: the pool cannot swap the closed one for a new one.
      const reserved = await client.reserve();
      expect(await reserved`select 1 as one`).toEqual([{ one: 1 }]);
      for (const socket of open) socket.end();
      await new Promise((resolve) => setTimeout(resolve, 200));
      await expect(reserved`select 1 as one`).rejects.toMatchObject({ code: "CONNECTION_CLOSED" });
      reserved.release();
    } finally {
      await client.end({ timeout: 1 });
      await new Promise((resolve) => proxy.close(resolve));
    }
  });
});
