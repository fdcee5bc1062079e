import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestDatabase, type TestDatabase } from "~/test/test-database";
import type { Actor } from "../access";
import { noRequestMeta } from "../audit/write-audit";
import { rateLimited } from "../errors";
import { domainErrorResponse } from "../http/domain-error-response";
import {
  buildDownloadResponse,
  contentDisposition,
  handleAttachmentDownload,
  handleAttachmentUpload,
  type AttachmentRequestContext,
} from "./attachment-http";
import { sampleHtml, samplePng, temporaryDiskStorage } from "~/test/attachment-samples";

const { storage, remove: removeStorage } = temporaryDiskStorage();
let t: TestDatabase;
beforeAll(async () => {
  t = await createTestDatabase();
});
afterAll(async () => {
  await t.close();
  removeStorage();
});

const as = (actor: Actor | null, maxBytes = 4096): AttachmentRequestContext => ({
  db: t.db,
  actor,
  requestMeta: noRequestMeta,
  storage,
  maxBytes,
});

function multipart(bytes: Uint8Array, fileName: string, type: string, field = "file"): Request {
  const form = new FormData();
  form.append(field, new File([new Uint8Array(bytes)], fileName, { type }));
  return new Request("http://localhost/api/attachments", { method: "POST", body: form });
}

async function errorOf(response: Response): Promise<{ code: string; message: string }> {
  const body = (await response.json()) as { error: { code: string; message: string } };
  expect(Object.keys(body)).toEqual(["error"]);
  return body.error;
}

describe("POST /api/attachments", () => {
  it("answers 201 with the stored attachment, and its uploader downloads the same bytes", async () => {
    const alice = t.actor("alice@demo.test");
    const response = await handleAttachmentUpload(multipart(samplePng, "photo.png", "image/png"), as(alice));
    expect(response.status).toBe(201);
    const uploaded = (await response.json()) as { id: string; fileName: string; contentType: string; size: number; sha256: string };
    expect(Object.keys(uploaded).sort()).toEqual(["contentType", "fileName", "id", "sha256", "size"]);
    expect(uploaded).toMatchObject({ fileName: "photo.png", contentType: "image/png", size: samplePng.byteLength });

    const download = await handleAttachmentDownload(uploaded.id, as(alice));
    expect(download.status).toBe(200);
    expect(download.headers.get("content-type")).toBe("image/png");
    expect(Buffer.from(await download.arrayBuffer())).toEqual(samplePng);

    const stranger = await handleAttachmentDownload(uploaded.id, as(t.actor("bob@demo.test")));
    expect(stranger.status).toBe(404);
    expect(await errorOf(stranger)).toEqual({ code: "NOT_FOUND", message: "Attachment not found" });
  });

  it("answers 401 without a caller, for upload and download", async () => {
    const upload = await handleAttachmentUpload(multipart(samplePng, "photo.png", "image/png"), as(null));
    expect(upload.status).toBe(401);
    expect((await errorOf(upload)).code).toBe("UNAUTHORIZED");
    expect((await handleAttachmentDownload("00000000-0000-4000-8000-000000000000", as(null))).status).toBe(401);
  });

  it("answers 400 with the reason for disguised HTML, a missing file field and a non-multipart body", async () => {
    const alice = as(t.actor("alice@demo.test"));
    const html = await handleAttachmentUpload(multipart(sampleHtml, "cat.png", "image/png"), alice);
    expect(html.status).toBe(400);
    expect(await errorOf(html)).toMatchObject({ code: "BAD_REQUEST", message: expect.stringMatching(/HTML/) });

    const wrongField = await handleAttachmentUpload(multipart(samplePng, "photo.png", "image/png", "upload"), alice);
    expect(wrongField.status).toBe(400);

    const json = new Request("http://localhost/api/attachments", {
      method: "POST",
      headers: { "Content-Type": "application/json" },
      body: "{}",
    });
    expect((await errorOf(await handleAttachmentUpload(json, alice))).message).toMatch(/multipart\/form-data/);
  });

  it("refuses a declared Content-Length over the limit with 413 before reading the body", async () => {
    let pulled = false;
    // highWaterMark 0: the stream is pulled only when someone reads it.
    const body = new ReadableStream<Uint8Array>(
      {
        pull(controller) {
          pulled = true;
          controller.close();
        },
      },
      { highWaterMark: 0 },
    );
    const request = new Request("http://localhost/api/attachments", {
      method: "POST",
      headers: { "Content-Type": "multipart/form-data; boundary=x", "Content-Length": String(10 * 1024 * 1024) },
      body,
      duplex: "half",
    } as RequestInit);
    const response = await handleAttachmentUpload(request, as(t.actor("alice@demo.test")));
    expect(response.status).toBe(413);
    expect((await errorOf(response)).code).toBe("PAYLOAD_TOO_LARGE");
    expect(pulled).toBe(false);
  });

  it("refuses an oversize body without Content-Length (chunked) with 413, and a file just over the limit too", async () => {
    const alice = as(t.actor("alice@demo.test"));
    const chunk = new Uint8Array(64 * 1024);
    let sent = 0;
    const endless = new ReadableStream<Uint8Array>({
      pull(controller) {
        sent += chunk.byteLength;
        controller.enqueue(chunk);
      },
    });
    const chunked = new Request("http://localhost/api/attachments", {
      method: "POST",
      headers: { "Content-Type": "multipart/form-data; boundary=x" },
      body: endless,
      duplex: "half",
    } as RequestInit);
    expect((await handleAttachmentUpload(chunked, alice)).status).toBe(413);
    expect(sent).toBeLessThan(1024 * 1024);

    const big = Buffer.concat([samplePng, Buffer.alloc(5000)]);
    expect((await handleAttachmentUpload(multipart(big, "big.png", "image/png"), alice)).status).toBe(413);
  });
});

describe("download response", () => {
  const attachment = { fileName: "Rechnung März \"final\".pdf", contentType: "application/pdf", size: 3, sha256: "ab" };

  it("is always a download with nosniff, private caching and a sandbox, typed as detected", async () => {
    const response = buildDownloadResponse(attachment, new Uint8Array([1, 2, 3]));
    expect(response.status).toBe(200);
    expect(response.headers.get("content-type")).toBe("application/pdf");
    expect(response.headers.get("content-disposition")).toBe(
      "attachment; filename=\"Rechnung M_rz _final_.pdf\"; filename*=UTF-8''Rechnung%20M%C3%A4rz%20%22final%22.pdf",
    );
    expect(response.headers.get("x-content-type-options")).toBe("nosniff");
    expect(response.headers.get("cache-control")).toBe("private, no-store");
    expect(response.headers.get("content-security-policy")).toContain("sandbox");
    expect(new Uint8Array(await response.arrayBuffer())).toEqual(new Uint8Array([1, 2, 3]));
  });

  it("declares UTF-8 for text", () => {
    const response = buildDownloadResponse({ ...attachment, contentType: "text/plain" }, new Uint8Array([1, 2, 3]));
    expect(response.headers.get("content-type")).toBe("text/plain; charset=utf-8");
  });

  it("cannot be broken out of by a file name", () => {
    const header = contentDisposition("a\";\r\nSet-Cookie: x=1; filename=evil.html");
    expect(header).toMatch(/^attachment; filename="[^"]*"; filename\*=UTF-8''[A-Za-z0-9%._~!-]+$/);
    expect(header).not.toMatch(/[\r\n]/);
  });
});

describe("domain error responses", () => {
  it("map to the contract's statuses and shape, with Retry-After on 429 and nothing leaked on 500", async () => {
    const limited = domainErrorResponse(rateLimited(7));
    expect(limited.status).toBe(429);
    expect(limited.headers.get("retry-after")).toBe("7");
    expect((await errorOf(limited)).code).toBe("TOO_MANY_REQUESTS");

    const original = console.error;
    console.error = () => {};
    try {
      const crash = domainErrorResponse(new Error("password=hunter2 at db.ts:42"));
      expect(crash.status).toBe(500);
      expect(await errorOf(crash)).toEqual({ code: "INTERNAL_SERVER_ERROR", message: "Internal server error" });
    } finally {
      console.error = original;
    }
  });
});
