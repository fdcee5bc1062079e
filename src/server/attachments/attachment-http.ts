import "server-only";
import type { Actor } from "../access";
import type { RequestMeta } from "../audit/write-audit";
import type { Database } from "../db/client";
import { invalid, tooLarge } from "../errors";
import { unauthorizedResponse, withDomainErrors } from "../http/domain-error-response";
import { env } from "~/env";
import { configuredAttachmentStorage } from "./attachment-storage";
import { getAttachmentForDownload, type DownloadableAttachment } from "./get-attachment-for-download";
import { uploadAttachment, type AttachmentDeps } from "./upload-attachment";
import { readBodyWithin } from "../http/read-body-within";

/** Everything a handler needs from the request scope, resolved by the route file. */
export interface AttachmentRequestContext extends AttachmentDeps {
  db: Database;
  actor: Actor | null;
  requestMeta: RequestMeta;
}

/** Room for the multipart boundaries and part headers around the file itself. */
const MULTIPART_OVERHEAD_BYTES = 64 * 1024;

/**
 * `POST /api/attachments`: multipart/form-data with the file in field `file`. Answers 201 with
 * `{id, fileName, contentType, size, sha256}`; the id goes into a message's `attachmentIds`.
 */
export function handleAttachmentUpload(request: Request, ctx: AttachmentRequestContext): Promise<Response> {
  return withDomainErrors(async () => {
    const { actor } = ctx;
    if (!actor) return unauthorizedResponse();
    const maxBytes = ctx.maxBytes ?? env.ATTACHMENT_MAX_BYTES;
    const body = await readBodyWithin(request, maxBytes + MULTIPART_OVERHEAD_BYTES);
    if (!body) throw tooLarge(`The file is too large; at most ${maxBytes} bytes are accepted`);
    const file = await fileFromMultipart(body, request.headers.get("content-type"));
    const uploaded = await uploadAttachment(
      ctx.db,
      actor,
      { fileName: file.name, declaredContentType: file.type, bytes: new Uint8Array(await file.arrayBuffer()) },
      ctx.requestMeta,
      { storage: ctx.storage, maxBytes },
    );
    return Response.json(uploaded, { status: 201, headers: { "Cache-Control": "no-store" } });
  });
}

/** `GET /api/attachments/:id`: the bytes, if the caller may read the message they belong to. */
export function handleAttachmentDownload(attachmentId: string, ctx: AttachmentRequestContext): Promise<Response> {
  return withDomainErrors(async () => {
    if (!ctx.actor) return unauthorizedResponse();
    const attachment = await getAttachmentForDownload(ctx.db, ctx.actor, attachmentId);
    const body = await (ctx.storage ?? configuredAttachmentStorage()).get(attachment.storageKey);
    return buildDownloadResponse(attachment, body);
  });
}

/**
 * Always a download, never rendered in our origin: `attachment` disposition, nosniff and a
 * sandboxing CSP, so even a file that slipped past the type check cannot run script here.
 */
export function buildDownloadResponse(
  attachment: Pick<DownloadableAttachment, "fileName" | "contentType" | "size" | "sha256">,
  body: ReadableStream<Uint8Array> | Uint8Array,
): Response {
  const contentType = attachment.contentType.startsWith("text/") ? `${attachment.contentType}; charset=utf-8` : attachment.contentType;
  return new Response(body as BodyInit, {
    status: 200,
    headers: {
      "Content-Type": contentType,
      "Content-Length": String(attachment.size),
      "Content-Disposition": contentDisposition(attachment.fileName),
      "X-Content-Type-Options": "nosniff",
      "Content-Security-Policy": "default-src 'none'; sandbox",
      "Cache-Control": "private, no-store",
      ETag: `"${attachment.sha256}"`,
    },
  });
}

/** RFC 6266: an ASCII fallback for old clients and the exact name as RFC 5987 UTF-8. */
export function contentDisposition(fileName: string): string {
  const fallback = fileName.replace(/[^\x20-\x7e]|["\\%;]/g, "_");
  const encoded = encodeURIComponent(fileName).replace(/['()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
  return `attachment; filename="${fallback}"; filename*=UTF-8''${encoded}`;
}


async function fileFromMultipart(body: Uint8Array, contentType: string | null): Promise<File> {
  const expected = "Send the file as multipart/form-data in a field named \"file\"";
  if (!contentType?.toLowerCase().startsWith("multipart/form-data")) throw invalid(expected);
  let form: FormData;
  try {
    form = await new Response(body as BodyInit, { headers: { "Content-Type": contentType } }).formData();
  } catch {
    throw invalid(`Malformed multipart body. ${expected}`);
  }
  const file = form.get("file");
  if (!(file instanceof File)) throw invalid(expected);
  return file;
}
