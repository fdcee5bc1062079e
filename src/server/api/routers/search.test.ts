import { createOpenApiFetchHandler, generateOpenApiDocument } from "trpc-to-openapi";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestDatabase, type TestDatabase } from "~/test/test-database";
import type { Actor } from "../../access";
import { noRequestMeta } from "../../audit/write-audit";
import { createTRPCRouter } from "../trpc";
import { searchRouter } from "./search";

/*
 * The REST face of search.messages, through trpc-to-openapi's own fetch handler: every query
 * parameter arrives as a string and must be read as the number, boolean or date it names.
 * Only the search router is mounted, so this file does not depend on the other routers.
 */

let t: TestDatabase;
const router = createTRPCRouter({ search: searchRouter });

function get(query: string, actor: Actor | null): Promise<Response> {
  return createOpenApiFetchHandler({
    endpoint: "/api",
    router,
    req: new Request(`http://localhost/api/admin/messages/search${query}`),
    createContext: () => ({ db: t.db, actor, request: noRequestMeta }),
  });
}

beforeAll(async () => {
  t = await createTestDatabase();
});
afterAll(() => t.close());

describe("GET /api/admin/messages/search", () => {
  it("reads numbers, booleans and dates from the query string", async () => {
    const response = await get("?keyword=ORD-1002&limit=2&page=1&unread=false&from=2000-01-01&to=2999-12-31", t.actor("admin@demo.test"));
    expect(response.status).toBe(200);
    const body = (await response.json()) as { results: { message: { orderNumber: string } }[]; limit: number; page: number; nextCursor: string | null };
    expect(body.limit).toBe(2);
    expect(body.page).toBe(1);
    expect(body.results).toHaveLength(2);
    expect(body.results.every((r) => r.message.orderNumber === "ORD-1002")).toBe(true);

    const next = await get(`?keyword=ord-1002&limit=2&cursor=${body.nextCursor}`, t.actor("admin@demo.test"));
    const rest = (await next.json()) as { results: unknown[]; page: number; nextCursor: string | null };
    expect(rest).toMatchObject({ page: 2, nextCursor: null });
    expect(rest.results).toHaveLength(1);
  });

  it('reads unread=false as false (z.coerce.boolean would read it as true)', async () => {
    const admin = t.actor("admin@demo.test");
    const all = (await (await get("?unread=false&limit=100", admin)).json()) as { results: unknown[] };
    const unread = (await (await get("?unread=true&limit=100", admin)).json()) as { results: unknown[] };
    expect(all.results).toHaveLength(10);
    // The seed's admin wrote two of its ten messages; nobody has read anything yet.
    expect(unread.results).toHaveLength(8);
    expect((await get("?unread=maybe", admin)).status).toBe(400);
  });

  it("answers 400 with the zod issues for limit over 100 and bad dates", async () => {
    const admin = t.actor("admin@demo.test");
    const tooMany = await get("?limit=101", admin);
    expect(tooMany.status).toBe(400);
    expect(await tooMany.text()).toContain("limit");
    expect((await get("?from=yesterday", admin)).status).toBe(400);
    expect((await get("?cursor=garbage", admin)).status).toBe(400);
  });

  it("answers 403 to signed-in non-admins and 401 without a caller", async () => {
    expect((await get("", t.actor("rita@demo.test"))).status).toBe(403);
    expect((await get("", t.actor("alice@demo.test"))).status).toBe(403);
    expect((await get("", null)).status).toBe(401);
  });

  it("is described in the OpenAPI document with its query parameters", () => {
    const document = generateOpenApiDocument(router, { title: "Orderline", version: "1", baseUrl: "http://localhost/api" });
    const operation = document.paths?.["/admin/messages/search"]?.get;
    expect(operation).toBeDefined();
    const names = (operation?.parameters ?? []).map((p) => ("name" in p ? p.name : ""));
    expect(names.sort()).toEqual(
      ["channel", "cursor", "from", "keyword", "limit", "orderStatus", "page", "senderRole", "status", "storeId", "to", "unread"].sort(),
    );
    expect(operation?.security).toBeDefined();
  });
});
