import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestDatabase, type TestDatabase } from "~/test/test-database";
import type { Actor } from "../access";
import { attachments, messages, orders, threads } from "../db/schema";
import { DomainError } from "../errors";
import { getAttachmentForDownload } from "./get-attachment-for-download";
import { linkAttachmentsToMessage } from "./link-attachments";

let t: TestDatabase;
beforeAll(async () => {
  t = await createTestDatabase();
});
afterAll(() => t.close());

const everyone = ["admin", "alice", "bob", "rita", "sam", "sid", "sue"] as const;
const actor = (name: (typeof everyone)[number]): Actor => t.actor(`${name}@demo.test`);

/** An upload row as uploadAttachment leaves it (bytes are not needed to decide access). */
async function uploadedBy(uploader: Actor): Promise<string> {
  const [row] = await t.db
    .insert(attachments)
    .values({ uploadedBy: uploader.id, fileName: "a.pdf", contentType: "application/pdf", size: 1, sha256: "x", storageKey: "k" })
    .returning();
  if (!row) throw new Error("no attachment");
  return row.id;
}

/** Writes a message on the order's thread and links the upload to it, in one transaction as a send does. */
async function attachToNewMessage(orderNumber: string, sender: Actor, attachmentId: string, isInternal = false) {
  await t.db.transaction(async (tx) => {
    const [thread] = await tx
      .select({ id: threads.id, storeId: threads.storeId })
      .from(threads)
      .innerJoin(orders, eq(orders.id, threads.orderId))
      .where(eq(orders.orderNumber, orderNumber));
    if (!thread) throw new Error(`no thread for ${orderNumber}`);
    const [message] = await tx
      .insert(messages)
      .values({
        storeId: thread.storeId,
        threadId: thread.id,
        senderRole: sender.role,
        senderId: sender.id,
        senderName: sender.name,
        messageType: "attachment",
        content: "see attached",
        isInternal,
      })
      .returning();
    if (!message) throw new Error("no message");
    await linkAttachmentsToMessage(tx, sender, { attachmentIds: [attachmentId], messageId: message.id, storeId: thread.storeId });
  });
}

async function whoCanDownload(attachmentId: string): Promise<string[]> {
  const allowed: string[] = [];
  for (const name of everyone) {
    try {
      const found = await getAttachmentForDownload(t.db, actor(name), attachmentId);
      expect(found.id).toBe(attachmentId);
      allowed.push(name);
    } catch (error) {
      // Refusal must look exactly like absence.
      expect(error).toBeInstanceOf(DomainError);
      expect((error as DomainError).code).toBe("NOT_FOUND");
      expect((error as DomainError).message).toBe("Attachment not found");
    }
  }
  return allowed;
}

describe("getAttachmentForDownload", () => {
  it("lets only the uploader download an upload that is not on a message yet (not even an admin)", async () => {
    const id = await uploadedBy(actor("alice"));
    expect(await whoCanDownload(id)).toEqual(["alice"]);
  });

  it("once on a message, follows the order: its customer, store reseller, fulfilling supplier and admins", async () => {
    const id = await uploadedBy(actor("alice"));
    await attachToNewMessage("ORD-1001", actor("alice"), id);
    expect(await whoCanDownload(id)).toEqual(["admin", "alice", "rita", "sid"]);
  });

  it("applies the same rule on another store's order", async () => {
    const id = await uploadedBy(actor("sam"));
    await attachToNewMessage("ORD-1003", actor("sam"), id);
    expect(await whoCanDownload(id)).toEqual(["admin", "alice", "sam", "sid"]);
  });

  it("keeps an internal note's attachment to admins", async () => {
    const id = await uploadedBy(actor("admin"));
    await attachToNewMessage("ORD-1001", actor("admin"), id, true);
    expect(await whoCanDownload(id)).toEqual(["admin"]);
  });

  it("answers not found for an unknown id and for something that is not an id", async () => {
    expect(await whoCanDownload("00000000-0000-4000-8000-000000000000")).toEqual([]);
    expect(await whoCanDownload("../../etc/passwd")).toEqual([]);
  });
});
