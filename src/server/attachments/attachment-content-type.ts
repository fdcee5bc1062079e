import { fileTypeFromBuffer } from "file-type";
import { invalid } from "../errors";
import { fileExtension } from "./attachment-file-name";

/** What may be attached, by the type its bytes show, with the file name extensions that go with it. */
const binaryTypes: Readonly<Record<string, readonly string[]>> = {
  "image/png": ["png"],
  "image/jpeg": ["jpg", "jpeg", "jpe", "jfif"],
  "image/gif": ["gif"],
  "image/webp": ["webp"],
  "application/pdf": ["pdf"],
};
const textExtensions: readonly string[] = ["txt", "text", "log", "md", "csv"];

const ALLOWED = "PNG, JPEG, GIF, WebP, PDF, plain text or CSV";

/** Names browsers and mail clients use for the same types. */
const declaredAliases: Readonly<Record<string, string>> = {
  "image/jpg": "image/jpeg",
  "image/pjpeg": "image/jpeg",
  "application/x-pdf": "application/pdf",
  "text/x-csv": "text/csv",
  "application/csv": "text/csv",
  "text/comma-separated-values": "text/csv",
  // Windows browsers declare .csv files by the program registered for them.
  "application/vnd.ms-excel": "text/csv",
  // Served as plain text: rendering Markdown is the reader's choice, not ours.
  "text/markdown": "text/plain",
  "text/x-markdown": "text/plain",
};
/** What a client sends when it does not know: then the bytes alone decide. */
const undeclared = new Set(["", "application/octet-stream", "binary/octet-stream"]);
const textTypes = new Set(["text/plain", "text/csv"]);

function canonicalDeclaredType(declared: string): string {
  const essence = (declared.split(";")[0] ?? "").trim().toLowerCase();
  return declaredAliases[essence] ?? essence;
}

/**
 * Markup a browser would render as a document (WHATWG MIME sniffing's HTML patterns, plus XML and
 * SVG): refused even as "text", since such a file opened from disk or sniffed runs its scripts.
 */
const MARKUP_START =
  /^<(?:!doctype\s+html|html|head|script|iframe|h1|div|font|table|a|style|title|b|body|br|p|svg|math|!--|\?xml)(?=[\s>/]|$)/i;

function looksLikeMarkup(text: string): boolean {
  return MARKUP_START.test(text.replace(/^\uFEFF/, "").trimStart().slice(0, 64));
}

function decodeUtf8(bytes: Uint8Array): string | null {
  if (bytes.includes(0)) return null;
  try {
    return new TextDecoder("utf-8", { fatal: true }).decode(bytes);
  } catch {
    return null;
  }
}

/**
 * The content type an upload is stored and served as: decided by its bytes (file-type's magic
 * numbers), checked against what the client declared and the file name's extension. Throws
 * `invalid` with the reason a user can act on.
 */
export async function detectAttachmentContentType(
  bytes: Uint8Array,
  declaredContentType: string,
  fileName: string,
): Promise<string> {
  const declared = canonicalDeclaredType(declaredContentType);
  const extension = fileExtension(fileName);
  const detected = await fileTypeFromBuffer(bytes);

  if (detected) {
    const extensions = binaryTypes[detected.mime];
    if (!extensions) throw invalid(`Files of type ${detected.mime} are not accepted; allowed: ${ALLOWED}`);
    if (!undeclared.has(declared) && declared !== detected.mime) {
      throw invalid(`The file was sent as ${declared || "unknown"} but its content is ${detected.mime}`);
    }
    if (extension && !extensions.includes(extension)) {
      throw invalid(`The file name ends in .${extension} but its content is ${detected.mime}`);
    }
    return detected.mime;
  }

  if (declared === "image/svg+xml" || extension === "svg") {
    throw invalid("SVG images are not accepted: they can carry scripts");
  }
  const text = decodeUtf8(bytes);
  if (text === null) throw invalid(`The file's type is not recognised; allowed: ${ALLOWED}`);
  if (looksLikeMarkup(text)) throw invalid("HTML, XML and SVG content is not accepted: it could run scripts in a browser");
  if (!textTypes.has(declared)) {
    throw invalid(`The file was sent as ${declared || "unknown"} but its content is plain text`);
  }
  if (extension && !textExtensions.includes(extension)) {
    throw invalid(`Text files are accepted as .${textExtensions.join(", .")}, not .${extension}`);
  }
  return declared;
}
