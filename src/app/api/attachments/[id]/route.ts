import { handleAttachmentDownload } from "~/server/attachments/attachment-http";
import { requestMetaFromHeaders, resolveActor } from "~/server/auth/resolve-actor";
import { getDb } from "~/server/db";
import { withDomainErrors } from "~/server/http/domain-error-response";

export const runtime = "nodejs";

export function GET(request: Request, { params }: { params: Promise<{ id: string }> }): Promise<Response> {
  return withDomainErrors(async () => {
    const db = await getDb();
    const actor = await resolveActor(db, request.headers);
    const { id } = await params;
    return handleAttachmentDownload(id, { db, actor, requestMeta: requestMetaFromHeaders(request.headers) });
  });
}
