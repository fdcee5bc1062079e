import { env } from "~/env";
import { createTRPCContext } from "~/server/api/context";
import { MAX_JSON_BODY_BYTES } from "~/server/api/rest/handle-rest-request";
import { appRouter } from "~/server/api/root";
import { serveTrpcRequest } from "~/server/http/serve-trpc-request";

function handler(req: Request) {
  return serveTrpcRequest(req, {
    endpoint: "/api/trpc",
    router: appRouter,
    // resHeaders lets the error middleware set Retry-After on a 429.
    createContext: ({ req, resHeaders }) => createTRPCContext({ headers: req.headers, resHeaders }),
    limits: { maxBodyBytes: MAX_JSON_BODY_BYTES, maxBatch: env.TRPC_MAX_BATCH },
  });
}

export { handler as GET, handler as POST };
