import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { env } from "~/env";
import { createTestDatabase, type TestDatabase } from "~/test/test-database";
import type { Actor } from "../../access";
import { noRequestMeta } from "../../audit/write-audit";
import { createCaller } from "../root";
import { ZMessage, ZThread } from "../schemas";
import { handleRestRequest, MAX_JSON_BODY_BYTES } from "./handle-rest-request";

/* The real REST surface over the real routers and a seeded database, called the way an integrator does. */

interface ErrorBody {
  error: { code: string; message: string; issues?: { path: (string | number)[]; message: string }[] };
}

describe("REST /api/orders and /api/admin", () => {
  let t: TestDatabase;
  beforeAll(async () => {
    t = await createTestDatabase();
  });
  afterAll(() => t.close());

  const rest = (
    who: string | null,
    method: string,
    path: string,
    init: { json?: unknown; body?: BodyInit; headers?: Record<string, string> } = {},
  ) => {
    const actor: Actor | null = who ? t.actor(`${who}@demo.test`) : null;
    const headers = { ...(init.json !== undefined ? { "content-type": "application/json" } : {}), ...init.headers };
    const body = init.json !== undefined ? JSON.stringify(init.json) : init.body;
    return handleRestRequest(new Request(`http://localhost:3000/api${path}`, { method, headers, body }), ({ resHeaders }) => ({
      db: t.db,
      actor,
      request: noRequestMeta,
      resHeaders,
    }));
  };

  it("POST /orders/:id/messages answers 201 with the contract's message, content exactly as sent", async () => {
    const content = "  <b>Is it shipped?</b>\n  & when? ";
    const res = await rest("alice", "POST", "/orders/ORD-1001/messages", { json: { content } });
    expect(res.status).toBe(201);
    const message = ZMessage.strict().parse(await res.json());
    expect(message).toMatchObject({
      orderNumber: "ORD-1001",
      content,
      senderRole: "customer",
      senderId: t.actor("alice@demo.test").id,
      channel: "in_app",
      messageType: "text",
      isInternal: false,
      attachments: [],
    });
  });

  it("GET /orders/:id/messages answers {thread, messages, nextCursor}, oldest first, paged by cursor", async () => {
    const res = await rest("bob", "GET", "/orders/ORD-1002/messages");
    expect(res.status).toBe(200);
    const page = (await res.json()) as { thread: unknown; messages: unknown[]; nextCursor: string | null };
    expect(Object.keys(page).sort()).toEqual(["messages", "nextCursor", "thread"]);
    expect(ZThread.parse(page.thread).orderNumber).toBe("ORD-1002");
    const all = page.messages.map((m) => ZMessage.parse(m));
    expect(all.length).toBeGreaterThanOrEqual(3);
    expect(page.nextCursor).toBeNull();

    // The same thread one message per page, following nextCursor through the query string.
    const paged: string[] = [];
    let cursor: string | null = null;
    do {
      const query: string = cursor ? `?limit=1&cursor=${encodeURIComponent(cursor)}` : "?limit=1";
      const next = await rest("bob", "GET", `/orders/ORD-1002/messages${query}`);
      expect(next.status).toBe(200);
      const body = (await next.json()) as { messages: { id: string }[]; nextCursor: string | null };
      expect(body.messages.length).toBeLessThanOrEqual(1);
      paged.push(...body.messages.map((m) => m.id));
      cursor = body.nextCursor;
    } while (cursor && paged.length <= all.length);
    expect(paged).toEqual(all.map((m) => m.id));
    const times = all.map((m) => Date.parse(m.createdAt));
    expect(times).toEqual([...times].sort((a, b) => a - b));
  });

  it("answers invalid input with 400 and the zod issues inside {error}", async () => {
    const res = await rest("alice", "POST", "/orders/ORD-1001/messages", { json: { content: 42, channel: "fax" } });
    expect(res.status).toBe(400);
    const body = (await res.json()) as ErrorBody;
    expect(Object.keys(body)).toEqual(["error"]);
    expect(body.error.code).toBe("BAD_REQUEST");
    expect(body.error.issues?.map((i) => i.path[0]).sort()).toEqual(["channel", "content"]);

    const tooLong = await rest("alice", "POST", "/orders/ORD-1001/messages", { json: { content: "x".repeat(env.MESSAGE_MAX_LENGTH + 1) } });
    expect(tooLong.status).toBe(400);
    expect(((await tooLong.json()) as ErrorBody).error.issues?.[0]?.path).toEqual(["content"]);

    const badLimit = await rest("admin", "GET", "/admin/messages/search?limit=101");
    expect(badLimit.status).toBe(400);
    expect(((await badLimit.json()) as ErrorBody).error.issues?.[0]?.path).toEqual(["limit"]);
  });

  // trpc-to-openapi coerces every z.boolean() of a REST input, bodies included, by mutating the
  // shared schema (so tRPC calls too): Boolean("false") is true, and a reply would silently become
  // an internal note. messages.send takes isInternal as a literal boolean; this holds it there.
  it("refuses a string where the body wants a boolean instead of coercing it", async () => {
    const res = await rest("admin", "POST", "/orders/ORD-1002/messages", { json: { content: "Shipped today", isInternal: "false" } });
    expect(res.status).toBe(400);
    expect(((await res.json()) as ErrorBody).error.issues?.[0]?.path).toEqual(["isInternal"]);

    const reply = await rest("admin", "POST", "/orders/ORD-1002/messages", { json: { content: "Shipped today", isInternal: false } });
    expect(reply.status).toBe(201);
    expect(await reply.json()).toMatchObject({ isInternal: false });

    const admin = createCaller({ db: t.db, actor: t.actor("admin@demo.test"), request: noRequestMeta });
    await expect(admin.messages.send({ orderNumber: "ORD-1002", content: "x", isInternal: "false" as unknown as boolean })).rejects.toMatchObject({
      code: "BAD_REQUEST",
    });
  });

  it("answers a body that is not JSON with 400 and an oversize body with 413, in the error shape", async () => {
    const notJson = await rest("alice", "POST", "/orders/ORD-1001/messages", {
      body: "content=hello",
      headers: { "content-type": "application/json" },
    });
    expect(notJson.status).toBe(400);
    expect(((await notJson.json()) as ErrorBody).error.code).toBe("BAD_REQUEST");

    const oversize = await rest("alice", "POST", "/orders/ORD-1001/messages", { json: { content: "x".repeat(MAX_JSON_BODY_BYTES) } });
    expect(oversize.status).toBe(413);
    expect(((await oversize.json()) as ErrorBody).error.code).toBe("PAYLOAD_TOO_LARGE");
  });

  it("PATCH …/messages/:messageId/read records one receipt, idempotently", async () => {
    const list = (await (await rest("rita", "GET", "/orders/ORD-1002/messages")).json()) as { messages: { id: string }[] };
    const messageId = list.messages[0]?.id ?? "";
    const first = await rest("rita", "PATCH", `/orders/ORD-1002/messages/${messageId}/read`);
    expect(first.status).toBe(200);
    const receipt = (await first.json()) as { messageId: string; userId: string; role: string; readAt: string };
    expect(receipt).toMatchObject({ messageId, userId: t.actor("rita@demo.test").id, role: "reseller" });
    const again = await rest("rita", "PATCH", `/orders/ORD-1002/messages/${messageId}/read`, { json: {} });
    expect(await again.json()).toEqual(receipt);

    const after = (await (await rest("rita", "GET", "/orders/ORD-1002/messages")).json()) as {
      messages: { id: string; readByMe: boolean }[];
    };
    expect(after.messages.find((m) => m.id === messageId)?.readByMe).toBe(true);
  });

  it("PATCH …/thread/close and …/reopen change the thread; a repeat is a 409 in the error shape", async () => {
    const closed = await rest("admin", "PATCH", "/orders/ORD-1003/thread/close");
    expect(closed.status).toBe(200);
    expect(ZThread.parse(await closed.json())).toMatchObject({ orderNumber: "ORD-1003", status: "closed" });

    const twice = await rest("admin", "PATCH", "/orders/ORD-1003/thread/close");
    expect(twice.status).toBe(409);
    expect(((await twice.json()) as ErrorBody).error.code).toBe("CONFLICT");

    const reopened = await rest("admin", "PATCH", "/orders/ORD-1003/thread/reopen");
    expect(reopened.status).toBe(200);
    expect(ZThread.parse(await reopened.json())).toMatchObject({ status: "open", closedAt: null, closedBy: null });
  });

  it("GET /admin/messages/search takes its filters from the query string", async () => {
    const res = await rest("admin", "GET", "/admin/messages/search?keyword=ORD-1002&unread=false&page=1&limit=2&senderRole=customer");
    expect(res.status).toBe(200);
    const body = (await res.json()) as {
      results: { message: unknown; thread: unknown; snippet: string }[];
      nextCursor: string | null;
      page: number;
      limit: number;
    };
    expect(body).toMatchObject({ page: 1, limit: 2 });
    expect(body.results.length).toBeGreaterThan(0);
    for (const result of body.results) {
      const message = ZMessage.parse(result.message);
      expect(message).toMatchObject({ orderNumber: "ORD-1002", senderRole: "customer" });
      expect(ZThread.parse(result.thread).orderNumber).toBe("ORD-1002");
    }
  });

  it("answers an unknown path or method with 404 in the error shape", async () => {
    for (const [method, path] of [
      ["GET", "/orders/ORD-1001/nothing"],
      ["DELETE", "/orders/ORD-1001/messages"],
      ["GET", "/admin/unknown"],
    ] as const) {
      const res = await rest("admin", method, path);
      expect(res.status, `${method} ${path}`).toBe(404);
      expect(await res.json()).toEqual({ error: { code: "NOT_FOUND", message: "Not found" } });
    }
  });

  it("answers the 31st send inside the window with 429 and Retry-After", async () => {
    // sam sends nowhere else in this file, so his window starts empty.
    let limited: Response | undefined;
    for (let i = 0; i <= env.SEND_RATE_LIMIT && !limited; i++) {
      const res = await rest("sam", "POST", "/orders/ORD-1003/messages", { json: { content: `burst ${i}` } });
      if (res.status === 429) limited = res;
      else expect(res.status, `send ${i + 1}`).toBe(201);
    }
    expect(env.SEND_RATE_LIMIT).toBeGreaterThanOrEqual(30);
    expect(limited?.status).toBe(429);
    expect(Number(limited?.headers.get("retry-after"))).toBeGreaterThanOrEqual(1);
    expect(Number(limited?.headers.get("retry-after"))).toBeLessThanOrEqual(env.SEND_RATE_WINDOW_SECONDS);
    expect(((await limited?.json()) as ErrorBody).error.code).toBe("TOO_MANY_REQUESTS");
  });
  it("answers values Postgres cannot take with 400, never 500", async () => {
    const cursorOf = (parts: unknown[]) => Buffer.from(JSON.stringify(parts)).toString("base64url");
    const uuid = "00000000-0000-4000-8000-000000000000";
    const cases: [string, string, { json?: unknown }][] = [
      ["alice", "/orders/ORD-1001/messages", { json: { content: "nul \u0000 byte" } }],
      ["alice", "/orders/ORD-1001/messages", { json: { content: "lone \ud800 surrogate" } }],
      ["alice", `/orders/ORD-1001/messages?cursor=${cursorOf(["2024-13-45T00:00:00.000000Z", uuid])}`, {}],
      ["alice", `/orders/ORD-1001/messages?cursor=${cursorOf(["2024-02-30T00:00:00.000000Z", uuid])}`, {}],
      ["admin", `/admin/messages/search?cursor=${cursorOf(["2024-02-30T00:00:00.000000Z", uuid, 2])}`, {}],
      ["admin", "/admin/messages/search?from=0000-01-01", {}],
      ["admin", "/admin/messages/search?to=%2B010000-01-01T00:00:00Z", {}],
      ["admin", "/admin/messages/search?storeId=a%00b", {}],
      ["admin", "/admin/messages/search?keyword=a%00b", {}],
    ];
    for (const [who, path, init] of cases) {
      const res = await rest(who, init.json ? "POST" : "GET", path, init);
      expect({ path, status: res.status }).toEqual({ path, status: 400 });
      expect(((await res.json()) as ErrorBody).error.code).toBe("BAD_REQUEST");
    }
  });
});
