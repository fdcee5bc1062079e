import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { z } from "zod";
import { createTestDatabase, type TestDatabase } from "~/test/test-database";
import type { Actor } from "../../access";
import { noRequestMeta } from "../../audit/write-audit";
import { forbidden, notFound, rateLimited } from "../../errors";
import { createTRPCRouter, memberProcedure, publicProcedure } from "../trpc";
import { createRestHandler, MAX_JSON_BODY_BYTES } from "./handle-rest-request";

/*
 * The handler's own behaviour — error shape, body limit, headers — against a small router built
 * from the same procedure builders and middleware as the real ones, so each failure mode can be
 * produced on demand. The real procedures are exercised in rest-messages.test.ts and
 * access-matrix.test.ts.
 */
const fixtureRouter = createTRPCRouter({
  fixture: createTRPCRouter({
    echo: memberProcedure
      .meta({ openapi: { method: "POST", path: "/fixture/{orderNumber}/echo", protect: true } })
      .input(z.object({ orderNumber: z.string(), content: z.string().min(1).max(10) }))
      .output(z.object({ orderNumber: z.string(), content: z.string() }))
      .mutation(({ input }) => input),
    touch: memberProcedure
      .meta({ openapi: { method: "PATCH", path: "/fixture/{orderNumber}/touch", protect: true } })
      .input(z.object({ orderNumber: z.string() }))
      .output(z.object({ touched: z.string() }))
      .mutation(({ input }) => ({ touched: input.orderNumber })),
    boom: publicProcedure
      .meta({ openapi: { method: "GET", path: "/fixture/boom", protect: false } })
      .input(z.object({}))
      .output(z.object({}))
      .query(() => {
        throw new Error("connection to db-primary.internal:5432 refused (password=hunter2)");
      }),
    badOutput: publicProcedure
      .meta({ openapi: { method: "GET", path: "/fixture/bad-output", protect: false } })
      .input(z.object({}))
      .output(z.object({ id: z.string() }))
      .query(() => ({ id: 42 }) as unknown as { id: string }),
    refuse: memberProcedure
      .meta({ openapi: { method: "GET", path: "/fixture/refuse/{kind}", protect: true } })
      .input(z.object({ kind: z.enum(["forbidden", "missing", "limited"]) }))
      .output(z.object({}))
      .query(({ input }) => {
        if (input.kind === "forbidden") throw forbidden("Only admins may write internal notes");
        if (input.kind === "limited") throw rateLimited(7);
        throw notFound();
      }),
  }),
});

const handle = createRestHandler(fixtureRouter);

describe("REST handler plumbing", () => {
  let t: TestDatabase;
  let alice: Actor;
  beforeAll(async () => {
    t = await createTestDatabase();
    alice = t.actor("alice@demo.test");
  });
  afterAll(() => t.close());

  const call = (actor: Actor | null, method: string, path: string, init: { body?: BodyInit; headers?: Record<string, string> } = {}) =>
    handle(new Request(`http://localhost:3000/api${path}`, { method, body: init.body, headers: init.headers }), ({ resHeaders }) => ({
      db: t.db,
      actor,
      request: noRequestMeta,
      resHeaders,
    }));
  const json = { "content-type": "application/json" };

  it("answers a valid call with the procedure's output", async () => {
    const res = await call(alice, "POST", "/fixture/ORD-1/echo", { body: JSON.stringify({ content: "hi" }), headers: json });
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ orderNumber: "ORD-1", content: "hi" });
    expect(res.headers.get("content-type")).toMatch(/application\/json/);
  });

  it("shapes invalid input as 400 {error: {code, message, issues}}", async () => {
    const res = await call(alice, "POST", "/fixture/ORD-1/echo", { body: JSON.stringify({ content: "" }), headers: json });
    expect(res.status).toBe(400);
    const body = (await res.json()) as { error: { code: string; message: string; issues: { path: string[] }[] } };
    expect(Object.keys(body)).toEqual(["error"]);
    expect(body.error.code).toBe("BAD_REQUEST");
    expect(body.error.issues.map((i) => i.path)).toEqual([["content"]]);
  });

  it("answers a body that is not JSON and a wrong content type with 400 in the error shape", async () => {
    const malformed = await call(alice, "POST", "/fixture/ORD-1/echo", { body: "{content: nope", headers: json });
    expect(malformed.status).toBe(400);
    expect(await malformed.json()).toEqual({ error: { code: "BAD_REQUEST", message: "Request body is not valid JSON" } });

    const text = await call(alice, "POST", "/fixture/ORD-1/echo", { body: "content=hi", headers: { "content-type": "text/plain" } });
    expect(text.status).toBe(400);
    expect(((await text.json()) as { error: { code: string; message: string } }).error).toEqual({
      code: "BAD_REQUEST",
      message: "Request body must be JSON (Content-Type: application/json)",
    });
  });

  it("refuses a body over the limit with 413 before parsing, whether declared or streamed", async () => {
    const big = JSON.stringify({ content: "x".repeat(MAX_JSON_BODY_BYTES) });
    const declared = await call(alice, "POST", "/fixture/ORD-1/echo", { body: big, headers: json });
    expect(declared.status).toBe(413);
    expect(((await declared.json()) as { error: { code: string } }).error.code).toBe("PAYLOAD_TOO_LARGE");

    // Chunked: no Content-Length, so the limit must hold while reading.
    const chunk = new TextEncoder().encode("x".repeat(64 * 1024));
    let sent = 0;
    const stream = new ReadableStream<Uint8Array>({
      pull(controller) {
        if (sent > MAX_JSON_BODY_BYTES * 4) return controller.close();
        sent += chunk.byteLength;
        controller.enqueue(chunk);
      },
    });
    const streamed = await handle(
      new Request("http://localhost:3000/api/fixture/ORD-1/echo", { method: "POST", body: stream, headers: json, duplex: "half" } as RequestInit),
      ({ resHeaders }) => ({ db: t.db, actor: alice, request: noRequestMeta, resHeaders }),
    );
    expect(streamed.status).toBe(413);
    expect(sent).toBeLessThan(MAX_JSON_BODY_BYTES * 2);
  });

  it("accepts a PATCH without a body or content type", async () => {
    const res = await call(alice, "PATCH", "/fixture/ORD-7/touch");
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ touched: "ORD-7" });
  });

  it("answers 401 to no caller, 403 and 404 from domain errors, all in the error shape", async () => {
    expect(await (await call(null, "GET", "/fixture/refuse/missing")).json()).toEqual({
      error: { code: "UNAUTHORIZED", message: "Sign in first" },
    });
    const forbiddenRes = await call(alice, "GET", "/fixture/refuse/forbidden");
    expect(forbiddenRes.status).toBe(403);
    expect(await forbiddenRes.json()).toEqual({ error: { code: "FORBIDDEN", message: "Only admins may write internal notes" } });
    const missing = await call(alice, "GET", "/fixture/refuse/missing");
    expect(missing.status).toBe(404);
    expect(await missing.json()).toEqual({ error: { code: "NOT_FOUND", message: "Order not found" } });
  });

  it("passes Retry-After from the procedure's middleware through on 429", async () => {
    const res = await call(alice, "GET", "/fixture/refuse/limited");
    expect(res.status).toBe(429);
    expect(res.headers.get("retry-after")).toBe("7");
    expect(((await res.json()) as { error: { code: string } }).error.code).toBe("TOO_MANY_REQUESTS");
  });

  it("never leaks an internal message or a stack trace on 500", async () => {
    // The server log keeps the detail; the response must not.
    const log = vi.spyOn(console, "error").mockImplementation(() => {});
    const res = await call(null, "GET", "/fixture/boom");
    expect(res.status).toBe(500);
    const text = await res.text();
    expect(JSON.parse(text)).toEqual({ error: { code: "INTERNAL_SERVER_ERROR", message: "Internal server error" } });
    expect(text).not.toMatch(/hunter2|db-primary|stack|at .*\.ts/);
    expect(log).toHaveBeenCalled();

    // An output that broke its schema is a 500 too, carrying the zod issues (which name fields of
    // our answer) as tRPC does — and still no stack.
    const bad = await call(null, "GET", "/fixture/bad-output");
    expect(bad.status).toBe(500);
    const badText = await bad.text();
    expect(JSON.parse(badText)).toMatchObject({
      error: { code: "INTERNAL_SERVER_ERROR", message: "Output validation failed", issues: [{ path: ["id"], code: "invalid_type" }] },
    });
    expect(badText).not.toMatch(/stack|at .*\.ts/);
    log.mockRestore();
  });

  it("answers unknown paths and methods with 404 in the error shape", async () => {
    for (const [method, path] of [
      ["GET", "/nothing/here"],
      ["DELETE", "/fixture/ORD-1/echo"],
      ["GET", "/fixture/ORD-1/echo"],
    ] as const) {
      const res = await call(alice, method, path);
      expect(res.status, `${method} ${path}`).toBe(404);
      expect(await res.json()).toEqual({ error: { code: "NOT_FOUND", message: "Not found" } });
    }
  });

  it("strips the /api mount from the path, not from the host", async () => {
    const res = await handle(
      new Request("http://api.example.com/api/fixture/ORD-1/echo", { method: "POST", body: JSON.stringify({ content: "hi" }), headers: json }),
      ({ resHeaders }) => ({ db: t.db, actor: alice, request: noRequestMeta, resHeaders }),
    );
    expect(res.status).toBe(200);
  });
});
