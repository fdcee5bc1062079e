import "server-only";
import { createHash } from "node:crypto";
import type { Actor } from "../access";
import { writeAudit, type RequestMeta } from "../audit/write-audit";
import type { Database } from "../db/client";
import { and, eq, isNull, sql } from "drizzle-orm";
import { attachments } from "../db/schema";
import { invalid, rateLimited, tooLarge } from "../errors";
import { createRateLimiter, type RateLimiter } from "../rate-limit/rate-limiter";
import { env } from "~/env";
import { detectAttachmentContentType } from "./attachment-content-type";
import { displayFileName } from "./attachment-file-name";
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
  /** Bytes a user's uploads not yet on a message may take together (UPLOAD_PENDING_BYTES_PER_USER). */
  maxPendingBytes?: number;
  /** Uploads per user and window (UPLOAD_RATE_LIMIT per UPLOAD_RATE_WINDOW_SECONDS). */
  rateLimiter?: RateLimiter;
}

const uploadRateLimiter = createRateLimiter({
  name: "upload",
  limit: env.UPLOAD_RATE_LIMIT,
  windowMs: env.UPLOAD_RATE_WINDOW_SECONDS * 1000,
});

/** Until the sweep removes them a day later, uploads never sent take storage: one user may hold this much. */
function pendingBytesRefusal(pending: number, size: number, maxPending: number) {
  return tooLarge(
    `Your uploads not yet on a message take ${pending} bytes, and this file would make it ${pending + size}; ` +
      `at most ${maxPending} may wait. Send them with a message first.`,
  );
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

  const maxPendingBytes = deps.maxPendingBytes ?? env.UPLOAD_PENDING_BYTES_PER_USER;
  const limit = await (deps.rateLimiter ?? uploadRateLimiter).hit(db, actor.id);
  if (!limit.allowed) throw rateLimited(limit.retryAfterSeconds);
  const pendingOf = async (tx: Pick<Database, "select">) => {
    const [row] = await tx
      .select({ bytes: sql<string>`coalesce(sum(${attachments.size}), 0)` })
      .from(attachments)
      .where(and(eq(attachments.uploadedBy, actor.id), isNull(attachments.messageId)));
    return Number(row?.bytes ?? 0);
  };
  // Checked before the bytes are stored (the common refusal costs no storage write)...
  const pendingBefore = await pendingOf(db);
  if (pendingBefore + size > maxPendingBytes) throw pendingBytesRefusal(pendingBefore, size, maxPendingBytes);

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
      // ...and again under a per-user lock, so parallel uploads cannot together pass the cap.
      await tx.execute(sql`select pg_advisory_xact_lock(hashtextextended(${`upload:${actor.id}`}, 0))`);
      const pending = await pendingOf(tx);
      if (pending + size > maxPendingBytes) throw pendingBytesRefusal(pending, size, maxPendingBytes);
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
  return uploaded;
}
