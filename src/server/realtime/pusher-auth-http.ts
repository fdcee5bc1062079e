import "server-only";
import type Pusher from "pusher";
import type { Actor } from "../access";
import type { DbOrTx } from "../db/client";
import { invalid, tooLarge } from "../errors";
import { httpErrorResponse, unauthorizedResponse, withDomainErrors } from "../http/domain-error-response";
import { readBodyWithin } from "../http/read-body-within";
import { authorizeChannel } from "./authorize-channel";

export interface PusherAuthContext {
  db: DbOrTx;
  actor: Actor | null;
  pusher: Pusher | null;
}

const SOCKET_ID = /^\d+\.\d+$/;

/**
 * `POST /api/pusher/auth`, as pusher-js calls it: form-encoded `socket_id` and `channel_name`
 * with the session cookie. Answers `{auth}` signed for that socket and channel, 401 without a
 * session, 403 when the access policy refuses the channel, 400 for a malformed request.
 */
export function handlePusherAuth(request: Request, ctx: PusherAuthContext): Promise<Response> {
  return withDomainErrors(async () => {
    if (!ctx.actor) return unauthorizedResponse();
    if (!ctx.pusher) return httpErrorResponse(503, "SERVICE_UNAVAILABLE", "Realtime is not configured; pages poll instead");
    const body = await readBodyWithin(request, 4096);
    if (!body) throw tooLarge("The request is too large");
    const form = new URLSearchParams(new TextDecoder().decode(body));
    const socketId = form.get("socket_id");
    const channelName = form.get("channel_name");
    if (!socketId || !SOCKET_ID.test(socketId)) throw invalid("socket_id is missing or malformed");
    if (!channelName) throw invalid("channel_name is missing");
    await authorizeChannel(ctx.db, ctx.actor, channelName);
    return Response.json(ctx.pusher.authorizeChannel(socketId, channelName), { headers: { "Cache-Control": "no-store" } });
  });
}
