import { handleAttachmentUpload } from "~/server/attachments/attachment-http";
import { requestMetaFromHeaders, resolveActor } from "~/server/auth/resolve-actor";
import { getDb } from "~/server/db";
import { withDomainErrors } from "~/server/http/domain-error-response";

// Files are read with node:fs / node:crypto and stored on disk or S3.
export const runtime = "nodejs";

export function POST(request: Request): Promise<Response> {
  return withDomainErrors(async () => {
    const db = await getDb();
    const actor = await resolveActor(db, request.headers);
    return handleAttachmentUpload(request, { db, actor, requestMeta: requestMetaFromHeaders(request.headers) });
  });
}
