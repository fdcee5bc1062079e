import { TRPCError } from "@trpc/server";
import { getHTTPStatusCodeFromError } from "@trpc/server/http";
import { and, asc, eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { GET as getOpenApiJson } from "~/app/api/openapi.json/route";
import { createTestDatabase, type TestDatabase } from "~/test/test-database";
import type { Actor } from "../access";
import { createApiToken, revokeApiToken } from "../api-tokens/api-tokens";
import { noRequestMeta } from "../audit/write-audit";
import { requestMetaFromHeaders, resolveActor } from "../auth/resolve-actor";
import { messages, orders, threads } from "../db/schema";
import { handleRestRequest, type CreateRestContext } from "./rest/handle-rest-request";
import { createCaller } from "./root";

/*
 * Who may call what, on which order: every tRPC procedure and every REST endpoint, for every demo
 * user and nobody, on each demo order and on one that does not exist. The expected outcome comes
 * from `expectedOutcome`, which restates CONTRACT.md (demo data, "who" column, status codes);
 * it does not consult src/server/access, so the matrix checks the rule instead of repeating it.
 *
 * Rows run in the order listed, and the ones that change state are arranged so later rows see
 * the seed: every close is followed by its reopen, and sends only add messages.
 */

// ── CONTRACT.md, "Demo data" ─────────────────────────────────────────────────────────────────────
type User = "admin" | "alice" | "bob" | "rita" | "sam" | "sid" | "sue";
type Caller = User | "anonymous";
const callers: readonly Caller[] = ["admin", "alice", "bob", "rita", "sam", "sid", "sue", "anonymous"];

const demoOrders = {
  "ORD-1001": { store: "north", customer: "alice", supplier: "acme" },
  "ORD-1002": { store: "north", customer: "bob", supplier: "globex" },
  "ORD-1003": { store: "south", customer: "alice", supplier: "acme" },
} as const;
type DemoOrder = keyof typeof demoOrders;
const demoOrderNumbers = Object.keys(demoOrders) as DemoOrder[];
const MISSING = "ORD-9999";
type Target = DemoOrder | typeof MISSING | "none";

/** The "scope" column of the contract's demo users table. */
const scope: Record<User, (order: (typeof demoOrders)[DemoOrder]) => boolean> = {
  admin: () => true,
  alice: (o) => o.customer === "alice",
  bob: (o) => o.customer === "bob",
  rita: (o) => o.store === "north",
  sam: (o) => o.store === "south",
  sid: (o) => o.supplier === "acme",
  sue: (o) => o.supplier === "globex",
};
const sees = (caller: Caller, order: DemoOrder) => caller !== "anonymous" && scope[caller](demoOrders[order]);

// ── The expectation ──────────────────────────────────────────────────────────────────────────────
type Outcome = "allow" | 401 | 403 | 404;

interface Operation {
  name: string;
  transport: "tRPC" | "REST";
  /** CONTRACT.md's "who": anyone (public), any signed-in user with access to the order, or admins. */
  audience: "public" | "member" | "admin";
  /** Whether the operation names an order (through its number or its thread's id). */
  targetsOrder: boolean;
  /** The operation acts on an internal note inside the order: invisible to everyone but admins. */
  onInternalNote?: boolean;
  successStatus: 200 | 201;
  call(caller: Caller, target: Target): Promise<Result>;
  /** Extra checks on an allowed answer. */
  verify?(caller: Caller, target: Target, body: unknown): void;
}

interface Result {
  status: number;
  body: unknown;
}

function expectedOutcome(op: Operation, caller: Caller, target: Target): Outcome {
  if (op.audience === "public") return "allow";
  if (caller === "anonymous") return 401;
  // "An endpoint for admins answers 403 to every other signed-in role" — whatever the order.
  if (op.audience === "admin" && caller !== "admin") return 403;
  if (target === "none") return "allow";
  // Unknown, or not visible: the same answer.
  if (target === MISSING || !sees(caller, target)) return 404;
  // "internal notes only for admins": a note is an unknown message to anyone else.
  if (op.onInternalNote && caller !== "admin") return 404;
  return "allow";
}

const errorCodeFor: Record<number, string> = { 401: "UNAUTHORIZED", 403: "FORBIDDEN", 404: "NOT_FOUND" };

// ── The table ────────────────────────────────────────────────────────────────────────────────────
describe("access matrix", () => {
  let t: TestDatabase;
  const actors = {} as Record<User, Actor>;
  const threadIdOf = {} as Record<DemoOrder, string>;
  /** A message every caller who sees the order may read. */
  const publicMessageOf = {} as Record<DemoOrder, string>;
  /** An internal note on each order, the newest message of its thread when the matrix starts. */
  const internalNoteOf = {} as Record<DemoOrder, string>;
  /** Text of every internal note: none may appear in anything a non-admin receives. */
  const internalTexts: string[] = [];
  const INTERNAL_MARKER = "internal-note-7f3a";
  const MISSING_ID = "00000000-0000-4000-8000-000000009999";

  beforeAll(async () => {
    t = await createTestDatabase();
    for (const user of callers) if (user !== "anonymous") actors[user] = t.actor(`${user}@demo.test`);
    const admin = createCaller({ db: t.db, actor: actors.admin, request: noRequestMeta });
    for (const orderNumber of demoOrderNumbers) {
      const [thread] = await t.db
        .select({ id: threads.id })
        .from(threads)
        .innerJoin(orders, eq(orders.id, threads.orderId))
        .where(eq(orders.orderNumber, orderNumber));
      if (!thread) throw new Error(`seed has no thread for ${orderNumber}`);
      threadIdOf[orderNumber] = thread.id;
      const [first] = await t.db
        .select({ id: messages.id })
        .from(messages)
        .where(and(eq(messages.threadId, thread.id), eq(messages.isInternal, false), eq(messages.senderRole, "customer")))
        .orderBy(asc(messages.createdAt))
        .limit(1);
      if (!first) throw new Error(`seed has no customer message on ${orderNumber}`);
      publicMessageOf[orderNumber] = first.id;
      const note = await admin.messages.send({ orderNumber, content: `${INTERNAL_MARKER} ${orderNumber} refund fraud check`, isInternal: true });
      internalNoteOf[orderNumber] = note.id;
    }
    const seededNotes = await t.db.select({ content: messages.content }).from(messages).where(eq(messages.isInternal, true));
    internalTexts.push(...seededNotes.map((n) => n.content));
    expect(seededNotes.length).toBeGreaterThan(demoOrderNumbers.length); // the seed's own note(s) too
  });
  afterAll(() => t.close());

  // ── Transports ──
  const trpc = async (caller: Caller, run: (api: ReturnType<typeof createCaller>) => Promise<unknown>): Promise<Result> => {
    const api = createCaller({ db: t.db, actor: caller === "anonymous" ? null : actors[caller], request: noRequestMeta });
    try {
      return { status: 200, body: await run(api) };
    } catch (error) {
      if (!(error instanceof TRPCError)) throw error;
      return { status: getHTTPStatusCodeFromError(error), body: { code: error.code, message: error.message } };
    }
  };

  const rest = async (caller: Caller, method: string, path: string, json?: unknown): Promise<Result> => {
    const createContext: CreateRestContext = ({ resHeaders }) => ({
      db: t.db,
      actor: caller === "anonymous" ? null : actors[caller],
      request: noRequestMeta,
      resHeaders,
    });
    const request = new Request(`http://localhost:3000/api${path}`, {
      method,
      ...(json === undefined ? {} : { body: JSON.stringify(json), headers: { "content-type": "application/json" } }),
    });
    const response = await handleRestRequest(request, createContext);
    return { status: response.status, body: await response.json() };
  };

  const orderOf = (target: Target) => (target === "none" ? MISSING : target);
  const threadOf = (target: Target) => (target === "none" || target === MISSING ? MISSING_ID : threadIdOf[target]);
  const messageOf = (target: Target) => (target === "none" || target === MISSING ? MISSING_ID : publicMessageOf[target]);
  const noteOf = (target: Target) => (target === "none" || target === MISSING ? MISSING_ID : internalNoteOf[target]);
  const content = (op: string, caller: Caller, target: Target) => `matrix: ${op} by ${caller} on ${target}`;

  const sentBy = (internal: boolean) => (caller: Caller, target: Target, body: unknown) => {
    expect(body).toMatchObject({ orderNumber: target, senderRole: caller === "anonymous" ? "" : actors[caller].role, isInternal: internal });
  };
  const listsOrder = (_caller: Caller, target: Target, body: unknown) => {
    const page = body as { thread: { orderNumber: string }; messages: { orderNumber: string }[] };
    expect(page.thread.orderNumber).toBe(target);
    expect(page.messages.length).toBeGreaterThan(0);
    expect(new Set(page.messages.map((m) => m.orderNumber))).toEqual(new Set([target]));
  };
  const readBy = (caller: Caller, _target: Target, body: unknown) => {
    expect(body).toMatchObject({ userId: caller === "anonymous" ? "" : actors[caller].id });
  };
  const threadIs = (status: "open" | "closed") => (_caller: Caller, target: Target, body: unknown) => {
    expect(body).toMatchObject({ orderNumber: target, status });
  };

  const operations: Operation[] = [
    // Internal notes first: each becomes the newest message of its thread, so the inbox and
    // list rows below would show it to anyone the notes leak to.
    {
      name: "messages.send (internal note)",
      transport: "tRPC",
      audience: "admin",
      targetsOrder: true,
      successStatus: 200,
      call: (caller, target) =>
        trpc(caller, (api) =>
          api.messages.send({ orderNumber: orderOf(target), content: `${INTERNAL_MARKER} ${content("send", caller, target)}`, isInternal: true }),
        ),
      verify: sentBy(true),
    },
    {
      name: "POST /api/orders/:id/messages (internal note)",
      transport: "REST",
      audience: "admin",
      targetsOrder: true,
      successStatus: 201,
      call: (caller, target) =>
        rest(caller, "POST", `/orders/${orderOf(target)}/messages`, {
          content: `${INTERNAL_MARKER} ${content("POST", caller, target)}`,
          isInternal: true,
        }),
      verify: sentBy(true),
    },
    {
      name: "threads.list",
      transport: "tRPC",
      audience: "member",
      targetsOrder: false,
      successStatus: 200,
      call: (caller) => trpc(caller, (api) => api.threads.list({ limit: 100 })),
      verify: (caller, _target, body) => {
        const listed = new Set((body as { threads: { orderNumber: string }[] }).threads.map((th) => th.orderNumber));
        for (const order of demoOrderNumbers) expect(listed.has(order), `${caller} lists ${order}`).toBe(sees(caller, order));
      },
    },
    {
      name: "orders.list",
      transport: "tRPC",
      audience: "member",
      targetsOrder: false,
      successStatus: 200,
      call: (caller) => trpc(caller, (api) => api.orders.list({ limit: 100 })),
      verify: (caller, _target, body) => {
        const listed = new Set((body as { orders: { orderNumber: string }[] }).orders.map((o) => o.orderNumber));
        for (const order of demoOrderNumbers) expect(listed.has(order), `${caller} lists ${order}`).toBe(sees(caller, order));
      },
    },
    {
      name: "threads.get",
      transport: "tRPC",
      audience: "member",
      targetsOrder: true,
      successStatus: 200,
      call: (caller, target) => trpc(caller, (api) => api.threads.get({ threadId: threadOf(target) })),
      verify: (caller, target, body) => {
        expect(body).toMatchObject({ orderNumber: target });
        // Customer contact details are for staff.
        if (caller !== "admin") expect(body).toMatchObject({ customerEmail: null, customerPhone: null });
      },
    },
    {
      name: "orders.get",
      transport: "tRPC",
      audience: "member",
      targetsOrder: true,
      successStatus: 200,
      call: (caller, target) => trpc(caller, (api) => api.orders.get({ orderNumber: orderOf(target) })),
      verify: (caller, target, body) => {
        expect(body).toMatchObject({ orderNumber: target, placedAt: expect.any(String) });
        if (target === "none" || target === MISSING) return;
        // Which supplier fulfils the order is the shop's business with its partners, never the customer's.
        if (caller === "alice" || caller === "bob") {
          expect(body).not.toHaveProperty("suppliers");
          expect(JSON.stringify(body)).not.toMatch(/Acme|Globex/);
        } else {
          expect((body as { suppliers: { id: string }[] }).suppliers.map((s) => s.id)).toEqual([demoOrders[target].supplier]);
        }
      },
    },
    {
      name: "messages.opening",
      transport: "tRPC",
      audience: "member",
      targetsOrder: true,
      successStatus: 200,
      call: (caller, target) => trpc(caller, (api) => api.messages.opening({ orderNumber: orderOf(target) })),
      verify: (_caller, _target, body) => expect(body).toEqual({ cursor: null }),
    },
    {
      name: "messages.window",
      transport: "tRPC",
      audience: "member",
      targetsOrder: true,
      successStatus: 200,
      call: (caller, target) => trpc(caller, (api) => api.messages.window({ orderNumber: orderOf(target) })),
      verify: listsOrder,
    },
    {
      name: "messages.list",
      transport: "tRPC",
      audience: "member",
      targetsOrder: true,
      successStatus: 200,
      call: (caller, target) => trpc(caller, (api) => api.messages.list({ orderNumber: orderOf(target) })),
      verify: listsOrder,
    },
    {
      name: "GET /api/orders/:id/messages",
      transport: "REST",
      audience: "member",
      targetsOrder: true,
      successStatus: 200,
      call: (caller, target) => rest(caller, "GET", `/orders/${orderOf(target)}/messages`),
      verify: listsOrder,
    },
    {
      name: "search.messages",
      transport: "tRPC",
      audience: "admin",
      targetsOrder: false,
      successStatus: 200,
      call: (caller) => trpc(caller, (api) => api.search.messages({ keyword: "refund", limit: 100 })),
    },
    {
      name: "GET /api/admin/messages/search",
      transport: "REST",
      audience: "admin",
      targetsOrder: false,
      successStatus: 200,
      call: (caller) => rest(caller, "GET", "/admin/messages/search?keyword=refund&limit=100"),
    },
    {
      name: "messages.markRead",
      transport: "tRPC",
      audience: "member",
      targetsOrder: true,
      successStatus: 200,
      call: (caller, target) => trpc(caller, (api) => api.messages.markRead({ orderNumber: orderOf(target), messageId: messageOf(target) })),
      verify: readBy,
    },
    {
      name: "PATCH /api/orders/:id/messages/:messageId/read",
      transport: "REST",
      audience: "member",
      targetsOrder: true,
      successStatus: 200,
      call: (caller, target) => rest(caller, "PATCH", `/orders/${orderOf(target)}/messages/${messageOf(target)}/read`),
      verify: readBy,
    },
    {
      name: "messages.markRead (internal note)",
      transport: "tRPC",
      audience: "member",
      targetsOrder: true,
      onInternalNote: true,
      successStatus: 200,
      call: (caller, target) => trpc(caller, (api) => api.messages.markRead({ orderNumber: orderOf(target), messageId: noteOf(target) })),
      verify: readBy,
    },
    {
      name: "PATCH /api/orders/:id/messages/:messageId/read (internal note)",
      transport: "REST",
      audience: "member",
      targetsOrder: true,
      onInternalNote: true,
      successStatus: 200,
      call: (caller, target) => rest(caller, "PATCH", `/orders/${orderOf(target)}/messages/${noteOf(target)}/read`),
      verify: readBy,
    },
    {
      name: "messages.markThreadRead",
      transport: "tRPC",
      audience: "member",
      targetsOrder: true,
      successStatus: 200,
      call: (caller, target) =>
        trpc(caller, (api) => api.messages.markThreadRead({ orderNumber: orderOf(target), upToMessageId: messageOf(target) })),
      verify: (_caller, _target, body) => expect(body).toEqual({ marked: expect.any(Number) }),
    },
    {
      name: "messages.markThreadRead (internal note)",
      transport: "tRPC",
      audience: "member",
      targetsOrder: true,
      onInternalNote: true,
      successStatus: 200,
      call: (caller, target) =>
        trpc(caller, (api) => api.messages.markThreadRead({ orderNumber: orderOf(target), upToMessageId: noteOf(target) })),
      verify: (_caller, _target, body) => expect(body).toEqual({ marked: expect.any(Number) }),
    },
    {
      name: "messages.send",
      transport: "tRPC",
      audience: "member",
      targetsOrder: true,
      successStatus: 200,
      call: (caller, target) => trpc(caller, (api) => api.messages.send({ orderNumber: orderOf(target), content: content("send", caller, target) })),
      verify: sentBy(false),
    },
    {
      name: "POST /api/orders/:id/messages",
      transport: "REST",
      audience: "member",
      targetsOrder: true,
      successStatus: 201,
      call: (caller, target) => rest(caller, "POST", `/orders/${orderOf(target)}/messages`, { content: content("POST", caller, target) }),
      verify: sentBy(false),
    },
    {
      name: "threads.close",
      transport: "tRPC",
      audience: "admin",
      targetsOrder: true,
      successStatus: 200,
      call: (caller, target) => trpc(caller, (api) => api.threads.close({ orderNumber: orderOf(target) })),
      verify: threadIs("closed"),
    },
    {
      name: "threads.reopen",
      transport: "tRPC",
      audience: "admin",
      targetsOrder: true,
      successStatus: 200,
      call: (caller, target) => trpc(caller, (api) => api.threads.reopen({ orderNumber: orderOf(target) })),
      verify: threadIs("open"),
    },
    {
      name: "PATCH /api/orders/:id/thread/close",
      transport: "REST",
      audience: "admin",
      targetsOrder: true,
      successStatus: 200,
      call: (caller, target) => rest(caller, "PATCH", `/orders/${orderOf(target)}/thread/close`),
      verify: threadIs("closed"),
    },
    {
      name: "PATCH /api/orders/:id/thread/reopen",
      transport: "REST",
      audience: "admin",
      targetsOrder: true,
      successStatus: 200,
      call: (caller, target) => rest(caller, "PATCH", `/orders/${orderOf(target)}/thread/reopen`),
      verify: threadIs("open"),
    },
    {
      name: "GET /api/openapi.json",
      transport: "REST",
      audience: "public",
      targetsOrder: false,
      successStatus: 200,
      call: async () => {
        const response = getOpenApiJson();
        return { status: response.status, body: await response.json() };
      },
    },
  ];

  const expectNoInternalNotes = (body: unknown, label: string) => {
    const text = JSON.stringify(body);
    expect(text, label).not.toContain(INTERNAL_MARKER);
    for (const note of internalTexts) expect(text, label).not.toContain(note);
    expect(text, label).not.toMatch(/"isInternal":true/);
  };

  const errorOf = (op: Operation, body: unknown) =>
    op.transport === "REST" ? (body as { error?: { code?: string; message?: string } }).error : (body as { code?: string; message?: string });

  for (const op of operations) {
    describe(`${op.name} (${op.transport})`, () => {
      for (const caller of callers) {
        const targets: Target[] = op.targetsOrder ? [...demoOrderNumbers, MISSING] : ["none"];
        const plan = targets.map((target) => `${target}→${expectedOutcome(op, caller, target)}`).join(" ");
        it(`${caller}: ${plan}`, async () => {
          const results = new Map<Target, Result>();
          for (const target of targets) {
            const expected = expectedOutcome(op, caller, target);
            const result = await op.call(caller, target);
            results.set(target, result);
            const label = `${op.name} as ${caller} on ${target}: ${JSON.stringify(result.body).slice(0, 300)}`;
            if (expected === "allow") {
              expect(result.status, label).toBe(op.successStatus);
              op.verify?.(caller, target, result.body);
            } else {
              expect(result.status, label).toBe(expected);
              const error = errorOf(op, result.body);
              expect(error?.code, label).toBe(errorCodeFor[expected]);
              expect(error?.message, label).toEqual(expect.any(String));
              if (op.transport === "REST") expect(Object.keys(result.body as object), label).toEqual(["error"]);
            }
            if (caller !== "admin") expectNoInternalNotes(result.body, label);
          }
          // A caller without access learns nothing: a foreign order answers exactly like a missing one.
          for (const target of targets) {
            if (target === MISSING || target === "none" || sees(caller, target)) continue;
            expect(results.get(target), `${op.name} as ${caller}: ${target} vs ${MISSING}`).toEqual(results.get(MISSING));
          }
        });
      }
    });
  }

  it("the internal-note check is not vacuous: admins do receive the notes", async () => {
    const list = await trpc("admin", (api) => api.messages.list({ orderNumber: "ORD-1001", limit: 100 }));
    expect(JSON.stringify(list.body)).toContain(INTERNAL_MARKER);
    const search = await rest("admin", "GET", `/admin/messages/search?keyword=${INTERNAL_MARKER}`);
    expect(JSON.stringify(search.body)).toContain(INTERNAL_MARKER);
    const inbox = await trpc("admin", (api) => api.threads.list({ limit: 100 }));
    expect(inbox.status).toBe(200);
  });

  describe("with a real API token", () => {
    // The HTTP context's own path: the caller comes from `Authorization: Bearer`, not from the test.
    const tokenContext: CreateRestContext = async ({ req, resHeaders }) => ({
      db: t.db,
      actor: await resolveActor(t.db, req.headers),
      request: requestMetaFromHeaders(req.headers),
      resHeaders,
    });
    const withToken = async (token: string, method: string, path: string, json?: unknown): Promise<Result> => {
      const headers: Record<string, string> = { authorization: `Bearer ${token}` };
      if (json !== undefined) headers["content-type"] = "application/json";
      const request = new Request(`http://localhost:3000/api${path}`, {
        method,
        headers,
        body: json === undefined ? undefined : JSON.stringify(json),
      });
      const response = await handleRestRequest(request, tokenContext);
      return { status: response.status, body: await response.json() };
    };

    it("acts with exactly its owner's access, and not at all once revoked", async () => {
      const { token, apiToken } = await createApiToken(t.db, actors.rita, { name: "access matrix" }, noRequestMeta);

      const own = await withToken(token, "GET", "/orders/ORD-1002/messages");
      expect(own.status).toBe(200);
      expectNoInternalNotes(own.body, "rita's token reading ORD-1002");

      const sent = await withToken(token, "POST", "/orders/ORD-1001/messages", { content: "sent with an API token" });
      expect(sent.status).toBe(201);
      expect(sent.body).toMatchObject({ senderId: actors.rita.id, senderRole: "reseller", isInternal: false });

      const foreign = await withToken(token, "GET", "/orders/ORD-1003/messages");
      const missing = await withToken(token, "GET", `/orders/${MISSING}/messages`);
      expect(foreign.status).toBe(404);
      expect(foreign).toEqual(missing);

      const adminOnly = await withToken(token, "GET", "/admin/messages/search");
      expect(adminOnly.status).toBe(403);
      expect(adminOnly.body).toMatchObject({ error: { code: "FORBIDDEN" } });

      const forged = await withToken(`${token.slice(0, -4)}AAAA`, "GET", "/orders/ORD-1002/messages");
      expect(forged).toMatchObject({ status: 401, body: { error: { code: "UNAUTHORIZED" } } });

      await revokeApiToken(t.db, actors.rita, apiToken.id, noRequestMeta);
      const revoked = await withToken(token, "GET", "/orders/ORD-1002/messages");
      expect(revoked).toMatchObject({ status: 401, body: { error: { code: "UNAUTHORIZED" } } });
    });
  });
});
