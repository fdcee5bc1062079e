import { parsePhoneNumberFromString } from "libphonenumber-js";

/**
 * A stored phone ("+1 202-555-0101", as the shop wrote it) in E.164, or null when it is not a
 * valid number. Numbers without a country code are refused rather than guessed.
 */
export function toE164(phone: string | null | undefined): string | null {
  if (!phone) return null;
  const parsed = parsePhoneNumberFromString(phone.trim());
  return parsed?.isValid() ? parsed.number : null;
}
