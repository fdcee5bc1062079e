import { resolveActor } from "~/server/auth/resolve-actor";
import { getDb } from "~/server/db";
import { withDomainErrors } from "~/server/http/domain-error-response";
import { handlePusherAuth } from "~/server/realtime/pusher-auth-http";
import { configuredPusher } from "~/server/realtime/pusher-server";

export const runtime = "nodejs";

export function POST(request: Request): Promise<Response> {
  return withDomainErrors(async () => {
    const db = await getDb();
    return handlePusherAuth(request, { db, actor: await resolveActor(db, request.headers), pusher: configuredPusher() });
  });
}
