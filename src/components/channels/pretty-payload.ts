/** How a raw webhook body is shown: the format it was read as, and its text laid out for reading. */
export interface PrettyPayload {
  format: "JSON" | "Form fields" | "Raw";
  text: string;
}

/**
 * A webhook body for people: JSON indented, a form (Twilio posts form-encoded) one field a line,
 * anything else (a raw email) exactly as received. Never throws: a body that does not parse as
 * what it claims is shown raw.
 */
export function prettyPayload(raw: string, contentType: string | undefined): PrettyPayload {
  const type = (contentType ?? "").toLowerCase();
  const trimmed = raw.trimStart();
  if (type.includes("json") || trimmed.startsWith("{") || trimmed.startsWith("[")) {
    try {
      return { format: "JSON", text: JSON.stringify(JSON.parse(raw), null, 2) };
    } catch {
      return { format: "Raw", text: raw };
    }
  }
  if (type.includes("application/x-www-form-urlencoded")) {
    const fields = [...new URLSearchParams(raw)];
    if (fields.length > 0) return { format: "Form fields", text: fields.map(([name, value]) => `${name} = ${value}`).join("\n") };
  }
  return { format: "Raw", text: raw };
}
