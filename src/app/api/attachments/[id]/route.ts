import { handleAttachmentDownload } from "~/server/attachments/attachment-http";
import { withDomainErrors } from "~/server/http/domain-error-response";
import { createRequestContext } from "~/server/http/request-context";

export const runtime = "nodejs";

export function GET(request: Request, { params }: { params: Promise<{ id: string }> }): Promise<Response> {
  return withDomainErrors(async () => {
    const { db, actor, request: requestMeta } = await createRequestContext(request.headers);
    const { id } = await params;
    return handleAttachmentDownload(id, { db, actor, requestMeta });
  });
}
