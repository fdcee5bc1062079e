import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestDatabase, type TestDatabase } from "~/test/test-database";
import { noRequestMeta } from "../audit/write-audit";
import { appRouter } from "../api/root";
import type { TRPCContext } from "../api/trpc";
import { serveTrpcRequest } from "./serve-trpc-request";

let t: TestDatabase;
beforeAll(async () => {
  t = await createTestDatabase();
});
afterAll(() => t.close());

const limits = { maxBodyBytes: 1024 * 1024, maxBatch: 10 };
let contextsBuilt = 0;
function serve(req: Request) {
  return serveTrpcRequest(req, {
    endpoint: "/api/trpc",
    router: appRouter,
    createContext: async ({ resHeaders }): Promise<TRPCContext> => {
      contextsBuilt++;
      return { db: t.db, actor: t.actor("alice@demo.test"), request: noRequestMeta, credential: "session", resHeaders };
    },
    limits,
  });
}

const send = (body: BodyInit, headers: Record<string, string> = {}) =>
  serve(
    new Request("http://localhost/api/trpc/messages.send", {
      method: "POST",
      headers: { "content-type": "application/json", ...headers },
      body,
      duplex: "half",
    } as RequestInit),
  );

describe("/api/trpc limits", () => {
  it("answers a send within the limits as before", async () => {
    const response = await send(JSON.stringify({ orderNumber: "ORD-1001", content: "within limits" }));
    expect(response.status).toBe(200);
  });

  it("refuses a body over 1 MB with 413 and the contract's JSON error, declared or streamed, without reaching a procedure", async () => {
    contextsBuilt = 0;
    const huge = JSON.stringify({ orderNumber: "ORD-1001", content: "x".repeat(2 * 1024 * 1024) });
    const declared = await send(huge);
    expect(declared.status).toBe(413);
    expect(await declared.json()).toEqual({ error: { code: "PAYLOAD_TOO_LARGE", message: "Request body exceeds 1048576 bytes" } });

    // No Content-Length: counted while read, and abandoned past the limit.
    let pulled = 0;
    const chunk = new Uint8Array(64 * 1024).fill(0x78);
    const endless = new ReadableStream<Uint8Array>({
      pull(controller) {
        pulled += chunk.byteLength;
        controller.enqueue(chunk);
      },
    });
    const streamed = await send(endless);
    expect(streamed.status).toBe(413);
    expect(pulled).toBeLessThan(2 * 1024 * 1024);
    expect(contextsBuilt).toBe(0);
  });

  it("refuses a batch of more than 10 procedures with 400 naming the limit, and runs one of 10", async () => {
    const batch = (n: number) => {
      const paths = Array.from({ length: n }, () => "orders.list").join(",");
      const input = Object.fromEntries(Array.from({ length: n }, (_, i) => [String(i), {}]));
      return serve(new Request(`http://localhost/api/trpc/${paths}?batch=1&input=${encodeURIComponent(JSON.stringify(input))}`));
    };
    contextsBuilt = 0;
    const refused = await batch(1500);
    expect(refused.status).toBe(400);
    expect(await refused.json()).toEqual({ error: { code: "BAD_REQUEST", message: "A batch may call at most 10 procedures; this one calls 1500" } });
    expect((await batch(11)).status).toBe(400);
    expect(contextsBuilt).toBe(0);

    const ten = await batch(10);
    expect(ten.status).toBe(200);
    expect((await ten.json()) as unknown[]).toHaveLength(10);
  });
});
