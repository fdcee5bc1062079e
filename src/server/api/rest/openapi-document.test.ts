import SwaggerParser from "@apidevtools/swagger-parser";
import { describe, expect, it } from "vitest";
import { GET } from "~/app/api/openapi.json/route";
import { buildOpenApiDocument } from "./openapi-document";

type Operations = Record<string, { security?: unknown[]; responses: Record<string, unknown> }>;

/** CONTRACT.md's REST table, under the /api server URL. */
const contractOperations = [
  "GET /admin/messages/search",
  "GET /orders/{orderNumber}/messages",
  "PATCH /orders/{orderNumber}/messages/{messageId}/read",
  "PATCH /orders/{orderNumber}/thread/close",
  "PATCH /orders/{orderNumber}/thread/reopen",
  "POST /orders/{orderNumber}/messages",
];

describe("OpenAPI document", () => {
  const document = buildOpenApiDocument({ baseUrl: "https://orderline.example/api" });
  const operations = Object.entries(document.paths ?? {}).flatMap(([path, item]) =>
    Object.entries(item as Operations).map(([method, operation]) => ({ key: `${method.toUpperCase()} ${path}`, operation })),
  );

  it("validates as OpenAPI 3", async () => {
    const validated = await SwaggerParser.validate(structuredClone(document) as never);
    expect((validated as { openapi?: string }).openapi).toMatch(/^3\./);
  });

  it("lists exactly the contract's REST operations, each behind bearer token or session cookie", () => {
    expect(operations.map((o) => o.key).sort()).toEqual(contractOperations);
    expect(document.servers).toEqual([{ url: "https://orderline.example/api" }]);
    expect(Object.keys(document.components?.securitySchemes ?? {}).sort()).toEqual(["bearerToken", "sessionCookie"]);
    for (const { key, operation } of operations) {
      expect(operation.security, key).toEqual([{ bearerToken: [] }, { sessionCookie: [] }]);
    }
  });

  it("documents 201 for sending and the contract's error shape for every refusal", () => {
    for (const { key, operation } of operations) {
      const success = key === "POST /orders/{orderNumber}/messages" ? "201" : "200";
      expect(Object.keys(operation.responses).filter((s) => s.startsWith("2")), key).toEqual([success]);
      for (const status of ["400", "401", "403", "404", "500"]) {
        expect(operation.responses[status], `${key} ${status}`).toBeDefined();
      }
    }
    expect(JSON.stringify(document)).not.toContain("#/components/schemas/error.");
  });

  it("is served publicly at GET /api/openapi.json", async () => {
    const res = GET();
    expect(res.status).toBe(200);
    const served = (await res.json()) as typeof document;
    expect(served.info.title).toBe("Orderline API");
    expect(Object.keys(served.paths ?? {}).sort()).toEqual(Object.keys(document.paths ?? {}).sort());
  });
});
