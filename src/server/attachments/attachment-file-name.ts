const MAX_FILE_NAME_LENGTH = 200;
const MAX_EXTENSION_LENGTH = 16;

/**
 * The name an upload is shown and downloaded under. It is display text only (storage keys are
 * generated), but it still reaches Content-Disposition and other people's screens: path parts,
 * control and bidi-override characters (which can disguise "exe.pdf" as "fdp.exe") go.
 */
export function displayFileName(raw: string): string {
  const base = raw.split(/[\\/]/).pop() ?? "";
  const cleaned = base
    .normalize("NFC")
    .replace(/[\p{Cc}\p{Cf}\u2028\u2029]/gu, "")
    .replace(/\s+/g, " ")
    // Leading dots hide a file on the downloader's machine; trailing dots and spaces vanish on Windows.
    .replace(/^[.\s]+|[.\s]+$/g, "");
  return truncateKeepingExtension(cleaned || "attachment", MAX_FILE_NAME_LENGTH);
}

/** Lower-case extension without the dot, or null when the name has none. */
export function fileExtension(fileName: string): string | null {
  const match = /\.([^.]+)$/.exec(fileName);
  return match?.[1] ? match[1].toLowerCase() : null;
}

function truncateKeepingExtension(name: string, max: number): string {
  const chars = [...name];
  if (chars.length <= max) return name;
  const extension = fileExtension(name);
  const suffix = extension && extension.length <= MAX_EXTENSION_LENGTH ? `.${extension}` : "";
  return chars.slice(0, max - [...suffix].length).join("").trimEnd() + suffix;
}
