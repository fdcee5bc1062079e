import { createHash, createHmac } from "node:crypto";
import { mkdtempSync, readdirSync, rmSync } from "node:fs";
import { createServer, type IncomingMessage, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  attachmentStorageFromEnv,
  createLocalDiskStorage,
  createS3Storage,
  newStorageKey,
  StoredObjectMissingError,
  type AttachmentStorage,
} from "./attachment-storage";

const bytesOf = async (stream: ReadableStream<Uint8Array>) => Buffer.from(await new Response(stream).arrayBuffer());

/** The same contract for every implementation. */
async function exerciseStorage(storage: AttachmentStorage) {
  const key = newStorageKey();
  const bytes = Buffer.from("%PDF-1.4 hello");
  await storage.put(key, bytes, "application/pdf");
  expect(await bytesOf(await storage.get(key))).toEqual(bytes);
  await storage.delete(key);
  await expect(storage.get(key)).rejects.toBeInstanceOf(StoredObjectMissingError);
  // Keys only ever come from newStorageKey; anything else is refused before touching the store.
  await expect(storage.put("../../etc/passwd", bytes, "text/plain")).rejects.toThrow(/malformed storage key/);
  await expect(storage.get("attachments/../../secret")).rejects.toThrow(/malformed storage key/);
}

describe("local disk storage", () => {
  const dir = mkdtempSync(path.join(tmpdir(), "orderline-disk-"));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it("stores, reads and deletes under its directory, creating folders as needed", async () => {
    const root = path.join(dir, "nested", "uploads");
    await exerciseStorage(createLocalDiskStorage(root));
    expect(readdirSync(root)).toEqual(["attachments"]);
  });

  it("is what the env gives without S3", async () => {
    const root = path.join(dir, "env");
    await exerciseStorage(attachmentStorageFromEnv({ UPLOAD_DIR: root, S3_REGION: "us-east-1" }));
    expect(readdirSync(root)).toEqual(["attachments"]);
  });
});

// A tiny S3 stand-in that verifies AWS Signature V4 independently of aws4fetch.
const credentials = { accessKeyId: "AKIDORDERLINETEST", secretAccessKey: "s3cr3t-orderline-test", region: "eu-central-1" };
const bucket = "orderline-attachments";
const objects = new Map<string, { bytes: Buffer; contentType: string | undefined }>();
const seen: { method: string; path: string; signed: boolean }[] = [];
let server: Server;
let endpoint: string;

const hmac = (key: Buffer | string, data: string) => createHmac("sha256", key).update(data).digest();
const sha256Hex = (data: Buffer | string) => createHash("sha256").update(data).digest("hex");

function signatureIsValid(req: IncomingMessage, body: Buffer): boolean {
  const match = /^AWS4-HMAC-SHA256 Credential=([^/]+)\/(\d{8})\/([^/]+)\/s3\/aws4_request, SignedHeaders=([^,]+), Signature=([0-9a-f]{64})$/.exec(
    req.headers.authorization ?? "",
  );
  if (!match) return false;
  const [, accessKeyId, date, region, signedHeaders, signature] = match as unknown as string[];
  if (accessKeyId !== credentials.accessKeyId || region !== credentials.region) return false;
  const amzDate = String(req.headers["x-amz-date"] ?? "");
  const payloadHash = String(req.headers["x-amz-content-sha256"] ?? "");
  if (!amzDate.startsWith(date ?? "-")) return false;
  if (payloadHash !== "UNSIGNED-PAYLOAD" && payloadHash !== sha256Hex(body)) return false;
  const headerNames = (signedHeaders ?? "").split(";");
  if (!headerNames.includes("host") || !headerNames.includes("x-amz-date")) return false;
  const url = new URL(req.url ?? "/", "http://s3.local");
  const query = [...url.searchParams].sort(([a], [b]) => a.localeCompare(b));
  const canonicalRequest = [
    req.method,
    url.pathname,
    query.map(([k, v]) => `${encodeURIComponent(k)}=${encodeURIComponent(v)}`).join("&"),
    headerNames.map((name) => `${name}:${String(req.headers[name] ?? "").trim()}\n`).join(""),
    signedHeaders,
    payloadHash,
  ].join("\n");
  const scope = `${date}/${region}/s3/aws4_request`;
  const stringToSign = ["AWS4-HMAC-SHA256", amzDate, scope, sha256Hex(canonicalRequest)].join("\n");
  const key = hmac(hmac(hmac(hmac(`AWS4${credentials.secretAccessKey}`, date ?? ""), region ?? ""), "s3"), "aws4_request");
  return hmac(key, stringToSign).toString("hex") === signature;
}

beforeAll(async () => {
  server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", () => {
      const body = Buffer.concat(chunks);
      const signed = signatureIsValid(req, body);
      const objectPath = new URL(req.url ?? "/", "http://s3.local").pathname;
      seen.push({ method: req.method ?? "", path: objectPath, signed });
      if (!signed) {
        res.writeHead(403, { "Content-Type": "application/xml" }).end("<Error><Code>SignatureDoesNotMatch</Code></Error>");
        return;
      }
      if (req.method === "PUT") {
        objects.set(objectPath, { bytes: body, contentType: req.headers["content-type"] });
        res.writeHead(200).end();
      } else if (req.method === "GET") {
        const object = objects.get(objectPath);
        if (!object) res.writeHead(404, { "Content-Type": "application/xml" }).end("<Error><Code>NoSuchKey</Code></Error>");
        else res.writeHead(200, { "Content-Type": object.contentType ?? "application/octet-stream" }).end(object.bytes);
      } else if (req.method === "DELETE") {
        objects.delete(objectPath);
        res.writeHead(204).end();
      } else {
        res.writeHead(405).end();
      }
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  endpoint = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

describe("S3-compatible storage", () => {
  it("puts, gets and deletes objects path-style with valid SigV4 signatures and the payload hash", async () => {
    const storage = attachmentStorageFromEnv({
      UPLOAD_DIR: "/nonexistent",
      S3_ENDPOINT: endpoint,
      S3_BUCKET: bucket,
      S3_REGION: credentials.region,
      S3_ACCESS_KEY_ID: credentials.accessKeyId,
      S3_SECRET_ACCESS_KEY: credentials.secretAccessKey,
    });
    seen.length = 0;
    const key = newStorageKey();
    await storage.put(key, Buffer.from("stored in s3"), "text/plain");
    const stored = objects.get(`/${bucket}/${key}`);
    expect(stored?.bytes.toString()).toBe("stored in s3");
    expect(stored?.contentType).toBe("text/plain");
    await exerciseStorage(storage);
    expect(seen.length).toBeGreaterThan(4);
    expect(seen.every((r) => r.signed && r.path.startsWith(`/${bucket}/attachments/`))).toBe(true);
  });

  it("fails loudly when the store refuses the signature", async () => {
    const storage = createS3Storage({ ...credentials, secretAccessKey: "wrong", endpoint, bucket });
    await expect(storage.put(newStorageKey(), Buffer.from("x"), "text/plain")).rejects.toThrow(/S3 PUT .* failed: 403/);
  });

  it("requires credentials once an endpoint and bucket are configured", () => {
    expect(() =>
      attachmentStorageFromEnv({ UPLOAD_DIR: "x", S3_ENDPOINT: endpoint, S3_BUCKET: bucket, S3_REGION: "us-east-1" }),
    ).toThrow(/S3_ACCESS_KEY_ID/);
  });
});
