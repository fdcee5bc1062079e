import "server-only";
import { createHash } from "node:crypto";
import type { Actor } from "../access";
import { writeAudit, type RequestMeta } from "../audit/write-audit";
import type { Database } from "../db/client";
import { attachments } from "../db/schema";
import { invalid, tooLarge } from "../errors";
import { env } from "~/env";
import { detectAttachmentContentType } from "./attachment-content-type";
import { displayFileName } from "./attachment-file-name";
import { sweepAbandonedUploadsNowAndThen } from "./sweep-abandoned-uploads";
import { configuredAttachmentStorage, newStorageKey, type AttachmentStorage } from "./attachment-storage";

export interface UploadAttachmentInput {
  /** As the client named it; shown only after `displayFileName`. */
  fileName: string;
  /** As the client declared it; checked against the bytes, never trusted. */
  declaredContentType: string;
  bytes: Uint8Array;
}

/** The upload's answer: what the client needs to attach it to a message later. */
export interface UploadedAttachment {
  id: string;
  fileName: string;
  contentType: string;
  size: number;
  sha256: string;
}

export interface AttachmentDeps {
  storage?: AttachmentStorage;
  maxBytes?: number;
}

/**
 * Stores an upload that belongs to its uploader alone until `linkAttachmentsToMessage` puts it on
 * a message. The stored content type is the one its bytes show, so what is served later is what
 * was checked now.
 */
export async function uploadAttachment(
  db: Database,
  actor: Actor,
  input: UploadAttachmentInput,
  request: RequestMeta,
  deps: AttachmentDeps = {},
): Promise<UploadedAttachment> {
  const maxBytes = deps.maxBytes ?? env.ATTACHMENT_MAX_BYTES;
  const size = input.bytes.byteLength;
  if (size === 0) throw invalid("The file is empty");
  if (size > maxBytes) throw tooLarge(`The file is ${size} bytes; at most ${maxBytes} are accepted`);

  const fileName = displayFileName(input.fileName);
  const contentType = await detectAttachmentContentType(input.bytes, input.declaredContentType, fileName);
  const sha256 = createHash("sha256").update(input.bytes).digest("hex");
  const storage = deps.storage ?? configuredAttachmentStorage();
  const storageKey = newStorageKey();

  // Bytes first: a row never points at nothing. If the row fails, the bytes are removed again.
  await storage.put(storageKey, input.bytes, contentType);
  let uploaded: UploadedAttachment;
  try {
    uploaded = await db.transaction(async (tx) => {
      const [row] = await tx
        .insert(attachments)
        .values({ uploadedBy: actor.id, fileName, contentType, size, sha256, storageKey })
        .returning();
      if (!row) throw new Error("insert returned no row");
      await writeAudit(
        tx,
        { actor, action: "attachment.uploaded", metadata: { attachmentId: row.id, fileName, contentType, size, sha256 } },
        request,
      );
      return { id: row.id, fileName, contentType, size, sha256 };
    });
  } catch (error) {
    await storage.delete(storageKey).catch((cleanup: unknown) => console.error("orphaned upload", storageKey, cleanup));
    throw error;
  }
  sweepAbandonedUploadsNowAndThen(db, storage);
  return uploaded;
}
