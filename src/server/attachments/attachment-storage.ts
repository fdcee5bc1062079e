import "server-only";
import { createHash, randomUUID } from "node:crypto";
import { createReadStream } from "node:fs";
import { mkdir, rename, rm, writeFile } from "node:fs/promises";
import path from "node:path";
import { Readable } from "node:stream";
import { AwsClient } from "aws4fetch";
import { env } from "~/env";

/**
 * Where attachment bytes live. Keys are generated here (`newStorageKey`), never derived from a
 * user's file name, so a key can't point outside the store.
 */
export interface AttachmentStorage {
  put(key: string, bytes: Uint8Array, contentType: string): Promise<void>;
  /** The stored bytes as a stream; throws `StoredObjectMissingError` when there are none. */
  get(key: string): Promise<ReadableStream<Uint8Array>>;
  delete(key: string): Promise<void>;
}

export class StoredObjectMissingError extends Error {
  constructor(key: string) {
    super(`No stored object under key ${key}`);
    this.name = "StoredObjectMissingError";
  }
}

const KEY_PATTERN = /^attachments\/\d{4}\/\d{2}\/[0-9a-f-]{36}$/;

/** A fresh key; the date prefix keeps directories (and S3 listings) small. */
export function newStorageKey(now = new Date()): string {
  const month = String(now.getUTCMonth() + 1).padStart(2, "0");
  return `attachments/${now.getUTCFullYear()}/${month}/${randomUUID()}`;
}

// Keys only ever come from newStorageKey; refusing anything else is defence in depth.
function assertStorageKey(key: string): void {
  if (!KEY_PATTERN.test(key)) throw new Error(`Refusing malformed storage key: ${JSON.stringify(key)}`);
}

export function createLocalDiskStorage(rootDir: string): AttachmentStorage {
  const root = path.resolve(rootDir);
  const fileFor = (key: string) => {
    assertStorageKey(key);
    return path.join(root, ...key.split("/"));
  };
  return {
    async put(key, bytes) {
      const file = fileFor(key);
      await mkdir(path.dirname(file), { recursive: true });
      // Write then rename, so a reader never sees half a file.
      const partial = `${file}.${process.pid}.partial`;
      await writeFile(partial, bytes, { flag: "wx" });
      await rename(partial, file);
    },
    async get(key) {
      const file = fileFor(key);
      const stream = createReadStream(file);
      await new Promise<void>((resolve, reject) => {
        stream.once("open", () => resolve());
        stream.once("error", (error: NodeJS.ErrnoException) =>
          reject(error.code === "ENOENT" ? new StoredObjectMissingError(key) : error),
        );
      });
      return Readable.toWeb(stream) as ReadableStream<Uint8Array>;
    },
    async delete(key) {
      await rm(fileFor(key), { force: true });
    },
  };
}

export interface S3StorageConfig {
  /** e.g. https://s3.eu-central-1.amazonaws.com, or a MinIO / R2 endpoint. */
  endpoint: string;
  bucket: string;
  region: string;
  accessKeyId: string;
  secretAccessKey: string;
}

/** Any S3-compatible store, path-style URLs (`<endpoint>/<bucket>/<key>`), signed with SigV4. */
export function createS3Storage(config: S3StorageConfig): AttachmentStorage {
  const client = new AwsClient({
    accessKeyId: config.accessKeyId,
    secretAccessKey: config.secretAccessKey,
    region: config.region,
    service: "s3",
    // aws4fetch retries 5xx ten times by default with backoff; an upload should fail fast instead.
    retries: 2,
  });
  const base = config.endpoint.replace(/\/+$/, "");
  const urlFor = (key: string) => {
    assertStorageKey(key);
    return `${base}/${encodeURIComponent(config.bucket)}/${key}`;
  };
  const failure = async (action: string, key: string, response: Response) =>
    new Error(`S3 ${action} ${key} failed: ${response.status} ${(await response.text()).slice(0, 300)}`);
  return {
    async put(key, bytes, contentType) {
      const response = await client.fetch(urlFor(key), {
        method: "PUT",
        body: bytes as BodyInit,
        headers: {
          "Content-Type": contentType,
          // Signing the real payload hash lets the store reject a body corrupted in transit.
          "X-Amz-Content-Sha256": createHash("sha256").update(bytes).digest("hex"),
        },
      });
      if (!response.ok) throw await failure("PUT", key, response);
    },
    async get(key) {
      const response = await client.fetch(urlFor(key), { method: "GET" });
      if (response.status === 404) throw new StoredObjectMissingError(key);
      if (!response.ok || !response.body) throw await failure("GET", key, response);
      return response.body;
    },
    async delete(key) {
      const response = await client.fetch(urlFor(key), { method: "DELETE" });
      if (!response.ok && response.status !== 404) throw await failure("DELETE", key, response);
    },
  };
}

export interface StorageEnv {
  UPLOAD_DIR: string;
  S3_ENDPOINT?: string;
  S3_BUCKET?: string;
  S3_REGION: string;
  S3_ACCESS_KEY_ID?: string;
  S3_SECRET_ACCESS_KEY?: string;
}

/**
 * The one place that picks the storage: S3 when an endpoint and bucket are configured (then the
 * keys are required, not silently skipped), else the local disk under UPLOAD_DIR.
 */
export function attachmentStorageFromEnv(env: StorageEnv): AttachmentStorage {
  if (env.S3_ENDPOINT && env.S3_BUCKET) {
    if (!env.S3_ACCESS_KEY_ID || !env.S3_SECRET_ACCESS_KEY) {
      throw new Error("S3_ENDPOINT and S3_BUCKET are set: S3_ACCESS_KEY_ID and S3_SECRET_ACCESS_KEY are required too");
    }
    return createS3Storage({
      endpoint: env.S3_ENDPOINT,
      bucket: env.S3_BUCKET,
      region: env.S3_REGION,
      accessKeyId: env.S3_ACCESS_KEY_ID,
      secretAccessKey: env.S3_SECRET_ACCESS_KEY,
    });
  }
  return createLocalDiskStorage(env.UPLOAD_DIR);
}

let configured: AttachmentStorage | undefined;

/** The app's storage, from the validated env; built once per process. */
export function configuredAttachmentStorage(): AttachmentStorage {
  configured ??= attachmentStorageFromEnv(env);
  return configured;
}
