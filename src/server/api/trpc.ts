import { initTRPC, TRPCError } from "@trpc/server";
import type { OpenApiMeta } from "trpc-to-openapi";
import { ZodError } from "zod";
import type { Actor } from "../access";
import type { RequestMeta } from "../audit/write-audit";
import type { Database } from "../db/client";
import { DomainError } from "../errors";
import { isDatabaseDataException, isStatementTimeout, toTRPCError } from "./error-mapping";

/** Shared by tRPC over HTTP, the REST handler, Server Components and tests. */
export interface TRPCContext {
  db: Database;
  actor: Actor | null;
  request: RequestMeta;
  /** How an HTTP caller proved who it is; absent for in-process callers (Server Components, tests). */
  credential?: "session" | "api_token";
  /** Response headers of the HTTP request, when there is one (Retry-After). */
  resHeaders?: Headers;
}

export const OUTPUT_VALIDATION_FAILED = "Output validation failed";

const t = initTRPC
  .meta<OpenApiMeta>()
  .context<TRPCContext>()
  .create({
    // Never a stack trace in a response, in any environment.
    isDev: false,
    errorFormatter({ shape, error }) {
      const zodIssues = error.cause instanceof ZodError ? error.cause.issues : undefined;
      // A 500 says nothing but that, except when a procedure's output broke its own schema: the
      // issues name fields of our answer, never a stack or a thrown Error's message.
      const message =
        error.code !== "INTERNAL_SERVER_ERROR" ? shape.message : zodIssues ? OUTPUT_VALIDATION_FAILED : "Internal server error";
      return { ...shape, message, data: { code: shape.data.code, httpStatus: shape.data.httpStatus, zodIssues } };
    },
  });

export const createTRPCRouter = t.router;
export const createCallerFactory = t.createCallerFactory;

const errorConversion = t.middleware(async ({ ctx, next }) => {
  const result = await next();
  if (!result.ok) {
    const cause = result.error.cause;
    if (cause instanceof DomainError) {
      if (cause.details.retryAfterSeconds) ctx.resHeaders?.set("Retry-After", String(cause.details.retryAfterSeconds));
      throw toTRPCError(cause);
    }
    // A value the database refused is the caller's mistake (400), never a 500.
    if (isDatabaseDataException(cause)) throw toTRPCError(cause);
    if (isStatementTimeout(cause)) {
      ctx.resHeaders?.set("Retry-After", "1");
      throw toTRPCError(cause);
    }
    if (result.error.code === "INTERNAL_SERVER_ERROR") console.error(result.error.cause ?? result.error);
  }
  return result;
});

export const publicProcedure = t.procedure.use(errorConversion);

/** Any signed-in user (session or API token); puts a non-null `ctx.actor` on the context. */
export const memberProcedure = publicProcedure.use(({ ctx, next }) => {
  if (!ctx.actor) throw new TRPCError({ code: "UNAUTHORIZED", message: "Sign in first" });
  return next({ ctx: { ...ctx, actor: ctx.actor } });
});

/**
 * A signed-in person, not an integrator's token: managing tokens needs a session, so a leaked
 * token cannot mint successors that outlive its revocation.
 */
export const sessionProcedure = memberProcedure.use(({ ctx, next }) => {
  if (ctx.credential === "api_token") {
    throw new TRPCError({ code: "FORBIDDEN", message: "Sign in to manage API tokens: an API token cannot" });
  }
  return next({ ctx });
});

/** Platform admins only; every other signed-in role gets 403. */
export const adminProcedure = memberProcedure.use(({ ctx, next }) => {
  if (ctx.actor.role !== "admin") throw new TRPCError({ code: "FORBIDDEN", message: "Admins only" });
  return next({ ctx });
});
