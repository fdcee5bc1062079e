import "server-only";
import { createTRPCContext } from "../context";
import { handleRestRequest } from "./handle-rest-request";

/** The REST routes' entry: the caller comes from the session cookie or a Bearer API token. */
export function serveRestRequest(request: Request): Promise<Response> {
  return handleRestRequest(request, ({ req, resHeaders }) => createTRPCContext({ headers: req.headers, resHeaders }));
}
