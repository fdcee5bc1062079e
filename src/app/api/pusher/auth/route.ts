import { createRequestContext } from "~/server/http/request-context";
import { withDomainErrors } from "~/server/http/domain-error-response";
import { handlePusherAuth } from "~/server/realtime/pusher-auth-http";
import { configuredPusher } from "~/server/realtime/pusher-server";

export const runtime = "nodejs";

export function POST(request: Request): Promise<Response> {
  return withDomainErrors(async () => {
    const { db, actor } = await createRequestContext(request.headers);
    return handlePusherAuth(request, { db, actor, pusher: configuredPusher() });
  });
}
