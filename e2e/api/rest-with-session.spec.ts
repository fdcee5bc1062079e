import { expect, test } from "@playwright/test";
import { signIn } from "../support/sign-in";

/**
 * The REST surface through the real Next server, authenticated by the NextAuth session cookie the
 * browser got at sign-in (the in-process tests cover bearer tokens and every status in detail).
 */
test("a signed-in customer uses the REST API with her session cookie", async ({ page }) => {
  await signIn(page, "alice@demo.test");
  const api = page.request;

  const own = await api.get("/api/orders/ORD-1001/messages");
  expect(own.status()).toBe(200);
  const body = (await own.json()) as { thread: { orderNumber: string }; messages: { isInternal: boolean }[] };
  expect(body.thread.orderNumber).toBe("ORD-1001");
  expect(body.messages.length).toBeGreaterThan(0);
  expect(body.messages.every((m) => !m.isInternal)).toBe(true);

  // Bob's order and an order that does not exist answer alike.
  const foreign = await api.get("/api/orders/ORD-1002/messages");
  const missing = await api.get("/api/orders/ORD-9999/messages");
  expect(foreign.status()).toBe(404);
  expect(missing.status()).toBe(404);
  expect(await foreign.json()).toEqual(await missing.json());

  const sent = await api.post("/api/orders/ORD-1003/messages", { data: { content: `Sent over REST ${Date.now()}` } });
  expect(sent.status()).toBe(201);
  expect(((await sent.json()) as { senderRole: string }).senderRole).toBe("customer");

  const search = await api.get("/api/admin/messages/search?keyword=tracking");
  expect(search.status()).toBe(403);
  expect(await search.json()).toMatchObject({ error: { code: "FORBIDDEN" } });
});

test("anonymous callers get 401 from the API and the OpenAPI document is public", async ({ request }) => {
  const anonymous = await request.get("/api/orders/ORD-1001/messages");
  expect(anonymous.status()).toBe(401);
  expect(await anonymous.json()).toMatchObject({ error: { code: "UNAUTHORIZED" } });

  const doc = await request.get("/api/openapi.json");
  expect(doc.status()).toBe(200);
  const paths = Object.keys(((await doc.json()) as { paths: Record<string, unknown> }).paths);
  expect(paths).toEqual(expect.arrayContaining(["/orders/{orderNumber}/messages", "/admin/messages/search"]));
});

test("an admin searches over REST and gets snippets", async ({ page }) => {
  await signIn(page, "admin@demo.test");
  const res = await page.request.get("/api/admin/messages/search?keyword=tracking&limit=5");
  expect(res.status()).toBe(200);
  const body = (await res.json()) as { results: { snippet: string; thread: { orderNumber: string } }[]; limit: number };
  expect(body.limit).toBe(5);
  expect(body.results.map((r) => r.thread.orderNumber)).toContain("ORD-1002");
  expect(body.results[0]?.snippet).toMatch(/\*\*tracking\*\*/i);
});

test("every response carries the security headers, pages and API alike", async ({ request }) => {
  for (const path of ["/login", "/api/openapi.json", "/api/orders/ORD-1001/messages"]) {
    const response = await request.get(path);
    const headers = response.headers();
    expect(headers["x-frame-options"], path).toBe("DENY");
    expect(headers["x-content-type-options"], path).toBe("nosniff");
    expect(headers["referrer-policy"], path).toBe("strict-origin-when-cross-origin");
    expect(headers["content-security-policy"], path).toContain("frame-ancestors 'none'");
    expect(headers["x-powered-by"], path).toBeUndefined();
  }
});

test("an attachment download keeps its own sandboxing policy beside the site-wide headers", async ({ page }) => {
  await signIn(page, "alice@demo.test");
  const upload = await page.request.post("/api/attachments", {
    multipart: { file: { name: "note.txt", mimeType: "text/plain", buffer: Buffer.from("hello") } },
  });
  expect(upload.status()).toBe(201);
  const { id } = (await upload.json()) as { id: string };
  const download = await page.request.get(`/api/attachments/${id}`);
  expect(download.status()).toBe(200);
  const headers = download.headers();
  expect(headers["content-disposition"]).toMatch(/^attachment;/);
  expect(headers["content-security-policy"]).toContain("sandbox");
  expect(headers["x-frame-options"]).toBe("DENY");
});
