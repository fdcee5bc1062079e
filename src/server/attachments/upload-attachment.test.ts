import { createHash } from "node:crypto";
import { and, eq, isNull } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestDatabase, type TestDatabase } from "~/test/test-database";
import { noRequestMeta } from "../audit/write-audit";
import { attachments, auditLog } from "../db/schema";
import { DomainError } from "../errors";
import { samplePdf, samplePng, sampleExe, sampleHtml, sampleSvg, sampleText, temporaryDiskStorage } from "~/test/attachment-samples";
import { createRateLimiter } from "../rate-limit/rate-limiter";
import { uploadAttachment } from "./upload-attachment";

const { storage, remove: removeStorage } = temporaryDiskStorage();
let t: TestDatabase;
beforeAll(async () => {
  t = await createTestDatabase();
});
afterAll(async () => {
  await t.close();
  removeStorage();
});

const upload = (fileName: string, declaredContentType: string, bytes: Uint8Array, maxBytes = 1024 * 1024) =>
  uploadAttachment(t.db, t.actor("alice@demo.test"), { fileName, declaredContentType, bytes }, noRequestMeta, {
    storage,
    maxBytes,
  });

async function refusal(promise: Promise<unknown>): Promise<DomainError> {
  try {
    await promise;
  } catch (error) {
    if (error instanceof DomainError) return error;
    throw error;
  }
  throw new Error("expected the upload to be refused");
}

async function storedBytes(storageKey: string): Promise<Buffer> {
  return Buffer.from(await new Response(await storage.get(storageKey)).arrayBuffer());
}

describe("uploadAttachment", () => {
  it.each([
    { fileName: "photo.png", declared: "image/png", bytes: samplePng, stored: "image/png" },
    { fileName: "invoice.pdf", declared: "application/pdf", bytes: samplePdf, stored: "application/pdf" },
    { fileName: "notes.txt", declared: "text/plain", bytes: sampleText, stored: "text/plain" },
    { fileName: "list.csv", declared: "text/csv", bytes: Buffer.from("sku,qty\nA-1,2\n"), stored: "text/csv" },
    { fileName: "export.csv", declared: "application/vnd.ms-excel", bytes: Buffer.from("a;b\n1;2\n"), stored: "text/csv" },
    { fileName: "README.md", declared: "text/markdown", bytes: Buffer.from("# Returns\n\nSee below.\n"), stored: "text/plain" },
    // A client that does not know the type (curl without ;type=) leaves it to the bytes.
    { fileName: "scan.png", declared: "application/octet-stream", bytes: samplePng, stored: "image/png" },
  ])("accepts $fileName as $stored, stores its bytes and records who uploaded it", async ({ fileName, declared, bytes, stored }) => {
    const result = await upload(fileName, declared, bytes);
    expect(result).toMatchObject({ fileName, contentType: stored, size: bytes.byteLength });
    expect(result.sha256).toBe(createHash("sha256").update(bytes).digest("hex"));

    const [row] = await t.db.select().from(attachments).where(eq(attachments.id, result.id));
    expect(row).toMatchObject({ uploadedBy: t.actor("alice@demo.test").id, messageId: null, storeId: null, contentType: stored });
    expect(row?.storageKey).not.toContain(fileName);
    expect(await storedBytes(row?.storageKey ?? "")).toEqual(Buffer.from(bytes));

    const audit = await t.db
      .select()
      .from(auditLog)
      .where(and(eq(auditLog.action, "attachment.uploaded"), eq(auditLog.actorId, t.actor("alice@demo.test").id)));
    expect(audit.some((a) => a.metadata.attachmentId === result.id)).toBe(true);
  });

  it.each([
    { what: "HTML named .png", fileName: "cat.png", declared: "image/png", bytes: sampleHtml, reason: /HTML/ },
    { what: "HTML sent as text", fileName: "page.txt", declared: "text/plain", bytes: sampleHtml, reason: /HTML/ },
    { what: "an SVG", fileName: "logo.svg", declared: "image/svg+xml", bytes: sampleSvg, reason: /SVG/ },
    { what: "an SVG named .png", fileName: "logo.png", declared: "image/png", bytes: sampleSvg, reason: /SVG|HTML/ },
    { what: "an executable", fileName: "setup.pdf", declared: "application/pdf", bytes: sampleExe, reason: /x-msdownload/ },
    { what: "a PDF declared as PNG", fileName: "a.png", declared: "image/png", bytes: samplePdf, reason: /sent as image\/png/ },
    { what: "a PNG named .pdf", fileName: "a.pdf", declared: "", bytes: samplePng, reason: /\.pdf/ },
    { what: "text declared as an image", fileName: "a.png", declared: "image/png", bytes: sampleText, reason: /plain text/ },
    { what: "text with a NUL byte", fileName: "a.txt", declared: "text/plain", bytes: Buffer.from("a\0b"), reason: /not recognised/ },
    { what: "invalid UTF-8", fileName: "a.txt", declared: "text/plain", bytes: Buffer.from([0x61, 0xff, 0xfe]), reason: /not recognised/ },
    { what: "text named .html", fileName: "a.html", declared: "text/plain", bytes: sampleText, reason: /\.html/ },
  ])("refuses $what with a reason (400)", async ({ fileName, declared, bytes, reason }) => {
    const before = await t.db.$count(attachments);
    const error = await refusal(upload(fileName, declared, bytes));
    expect(error.code).toBe("INVALID");
    expect(error.message).toMatch(reason);
    expect(await t.db.$count(attachments)).toBe(before);
  });

  it("refuses an empty file", async () => {
    expect((await refusal(upload("empty.txt", "text/plain", new Uint8Array()))).code).toBe("INVALID");
  });

  it("refuses a file over the size limit as too large (413)", async () => {
    const error = await refusal(upload("big.png", "image/png", Buffer.concat([samplePng, Buffer.alloc(2048)]), 1024));
    expect(error.code).toBe("TOO_LARGE");
  });

  it("keeps only a display name: no path parts, no control or bidi characters, bounded length", async () => {
    const sneaky = await upload("../../etc/\u202Egnp.exe\u0007 report.pdf", "application/pdf", samplePdf);
    expect(sneaky.fileName).toBe("gnp.exe report.pdf");
    const windows = await upload("C:\\Users\\me\\scan.png", "image/png", samplePng);
    expect(windows.fileName).toBe("scan.png");
    const long = await upload(`${"a".repeat(500)}.pdf`, "application/pdf", samplePdf);
    expect(long.fileName).toHaveLength(200);
    expect(long.fileName.endsWith("a.pdf")).toBe(true);
    const nameless = await upload("..", "application/pdf", samplePdf);
    expect(nameless.fileName).toBe("attachment");
  });
});

describe("uploadAttachment per-user limits", () => {
  const uploadAs = (email: string, deps: Parameters<typeof uploadAttachment>[4]) =>
    uploadAttachment(t.db, t.actor(email), { fileName: "photo.png", declaredContentType: "image/png", bytes: samplePng }, noRequestMeta, {
      storage,
      ...deps,
    });
  const pendingRows = async (email: string) =>
    t.db.$count(attachments, and(eq(attachments.uploadedBy, t.actor(email).id), isNull(attachments.messageId)));

  it("refuses uploads beyond the per-user rate with 429 and the wait, other users unaffected", async () => {
    let now = 7_000_000;
    const rateLimiter = createRateLimiter({ name: "upload-test", limit: 2, windowMs: 60_000, now: () => now });
    await uploadAs("sam@demo.test", { rateLimiter });
    now += 10_000;
    await uploadAs("sam@demo.test", { rateLimiter });
    const refused = await refusal(uploadAs("sam@demo.test", { rateLimiter }));
    expect(refused).toMatchObject({ code: "RATE_LIMITED", details: { retryAfterSeconds: 50 } });
    expect(await pendingRows("sam@demo.test")).toBe(2);
    await uploadAs("sid@demo.test", { rateLimiter });
    now += 50_000;
    await uploadAs("sam@demo.test", { rateLimiter });
  });

  it("refuses an upload that would take a user's bytes not yet on a message over the cap (413), storing nothing", async () => {
    const maxPendingBytes = 2 * samplePng.byteLength;
    await uploadAs("bob@demo.test", { maxPendingBytes });
    await uploadAs("bob@demo.test", { maxPendingBytes });
    const refused = await refusal(uploadAs("bob@demo.test", { maxPendingBytes }));
    expect(refused.code).toBe("TOO_LARGE");
    expect(refused.message).toContain(`not yet on a message take ${maxPendingBytes} bytes`);
    expect(refused.message).toContain(`at most ${maxPendingBytes} may wait`);
    expect(await pendingRows("bob@demo.test")).toBe(2);
  });

  it("lets no parallel burst past the cap together", async () => {
    const maxPendingBytes = 2 * samplePng.byteLength;
    const outcomes = await Promise.allSettled(Array.from({ length: 6 }, () => uploadAs("sue@demo.test", { maxPendingBytes })));
    expect(outcomes.filter((o) => o.status === "fulfilled")).toHaveLength(2);
    for (const o of outcomes) if (o.status === "rejected") expect(o.reason).toMatchObject({ code: "TOO_LARGE" });
    expect(await pendingRows("sue@demo.test")).toBe(2);
  });
});
