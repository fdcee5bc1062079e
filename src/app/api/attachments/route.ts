import { handleAttachmentUpload } from "~/server/attachments/attachment-http";
import { withDomainErrors } from "~/server/http/domain-error-response";
import { createRequestContext } from "~/server/http/request-context";

// Files are read with node:fs / node:crypto and stored on disk or S3.
export const runtime = "nodejs";

export function POST(request: Request): Promise<Response> {
  return withDomainErrors(async () => {
    const { db, actor, request: requestMeta } = await createRequestContext(request.headers);
    return handleAttachmentUpload(request, { db, actor, requestMeta });
  });
}
