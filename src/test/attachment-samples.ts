import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { type AttachmentStorage, createLocalDiskStorage } from "~/server/attachments/attachment-storage";

/** Small real files for the attachment tests (test-only). */
export const samplePng = Buffer.from(
  "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg==",
  "base64",
);

export const samplePdf = Buffer.from(
  "%PDF-1.4\n1 0 obj <</Type /Catalog /Pages 2 0 R>> endobj\n2 0 obj <</Type /Pages /Kids [] /Count 0>> endobj\n" +
    "trailer <</Root 1 0 R>>\n%%EOF\n",
);

export const sampleText = Buffer.from("Order notes — größe 42, délai 3 jours.\nLine two.\n");

export const sampleHtml = Buffer.from("<!DOCTYPE html><html><body><script>alert(document.cookie)</script></body></html>");

export const sampleSvg = Buffer.from('<svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"><circle r="4"/></svg>');

/** The start of a Windows executable ("MZ" header with a PE signature). */
export const sampleExe = (() => {
  const bytes = Buffer.alloc(256);
  bytes.write("MZ", 0, "latin1");
  bytes.writeUInt32LE(0x80, 0x3c);
  bytes.write("PE\0\0", 0x80, "latin1");
  return bytes;
})();

/** Local-disk storage in a fresh temporary directory, and a way to remove it (afterAll). */
export function temporaryDiskStorage(): { storage: AttachmentStorage; remove: () => void } {
  const dir = mkdtempSync(path.join(tmpdir(), "orderline-uploads-"));
  return { storage: createLocalDiskStorage(dir), remove: () => rmSync(dir, { recursive: true, force: true }) };
}
