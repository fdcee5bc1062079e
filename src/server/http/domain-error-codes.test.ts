import { fetchRequestHandler } from "@trpc/server/adapters/fetch";
import { getHTTPStatusCodeFromError } from "@trpc/server/http";
import type { TRPCError } from "@trpc/server";
import { describe, expect, it } from "vitest";
import { z } from "zod";
import { createTRPCRouter, publicProcedure } from "../api/trpc";
import { toTRPCError } from "../api/error-mapping";
import { createRestHandler } from "../api/rest/handle-rest-request";
import { noRequestMeta } from "../audit/write-audit";
import type { Database } from "../db/client";
import { DomainError, type DomainErrorCode } from "../errors";
import { domainErrorCodes } from "./domain-error-codes";
import { domainErrorResponse } from "./domain-error-response";

describe("the one domain error table", () => {
  it.each(Object.entries(domainErrorCodes))("%s: tRPC, REST and route handlers agree", async (code, { trpc, status }) => {
    const error = new DomainError(code as DomainErrorCode, "refused");
    const asTrpc = toTRPCError(error) as TRPCError;
    expect(asTrpc.code).toBe(trpc);
    // tRPC's own code → status table gives the status ours names.
    expect(getHTTPStatusCodeFromError(asTrpc)).toBe(status);
    const response = domainErrorResponse(error);
    expect(response.status).toBe(status);
    expect(await response.json()).toEqual({ error: { code: trpc, message: "refused" } });
  });
});

/** A procedure whose output breaks its own schema: a server bug, never the caller's. */
const router = createTRPCRouter({
  broken: publicProcedure
    .meta({ openapi: { method: "GET", path: "/broken", protect: false } })
    .input(z.object({}))
    .output(z.object({ count: z.number().int() }))
    .query(() => ({ count: "many" }) as unknown as { count: number }),
});
const context = () => ({ db: {} as Database, actor: null, request: noRequestMeta });

describe("an output that breaks its schema", () => {
  it("answers tRPC with a 500 that carries the zod issues and no stack", async () => {
    const response = await fetchRequestHandler({
      endpoint: "/api/trpc",
      req: new Request("http://x/api/trpc/broken?input=%7B%7D"),
      router,
      createContext: context,
      onError: () => {},
    });
    expect(response.status).toBe(500);
    const text = await response.text();
    expect(text).not.toMatch(/stack|at .*\.ts:/);
    const body = JSON.parse(text) as { error: { message: string; data: { code: string; zodIssues?: { path: unknown[] }[] } } };
    expect(body.error.data.code).toBe("INTERNAL_SERVER_ERROR");
    expect(body.error.message).toBe("Output validation failed");
    expect(body.error.data.zodIssues?.[0]?.path).toEqual(["count"]);
  });

  it("answers REST the same way", async () => {
    const response = await createRestHandler(router)(new Request("http://x/api/broken"), context);
    expect(response.status).toBe(500);
    const body = (await response.json()) as { error: { code: string; message: string; issues?: { path: unknown[] }[] } };
    expect(body.error).toMatchObject({ code: "INTERNAL_SERVER_ERROR", message: "Output validation failed" });
    expect(body.error.issues?.[0]?.path).toEqual(["count"]);
  });
});
