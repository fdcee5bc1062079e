import { parsePhoneNumberFromString, type CountryCode } from "libphonenumber-js/max";

type ParsedPhone = { number: string; country: CountryCode | undefined } | null;

/**
 * libphonenumber's parse with "max" metadata costs about 0.03 ms (0.1 ms and more in a loaded
 * app's profile), and an inbound WhatsApp message took four (the sender, our number, the candidate
 * order's phone and the sender's country): the same numbers over and over. A pure function, so
 * its answers are kept; the map is emptied when full.
 */
const parsedPhones = new Map<string, ParsedPhone>();
const PARSED_PHONES_MAX = 10_000;

function parsePhone(text: string, defaultCountry?: CountryCode): ParsedPhone {
  const key = `${defaultCountry ?? ""}|${text}`;
  let parsed = parsedPhones.get(key);
  if (parsed === undefined) {
    const phone = parsePhoneNumberFromString(text, defaultCountry);
    parsed = phone ? { number: phone.number, country: phone.country } : null;
    if (parsedPhones.size >= PARSED_PHONES_MAX) parsedPhones.clear();
    parsedPhones.set(key, parsed);
  }
  return parsed;
}

/**
 * E.164 of a phone as a provider or a shop wrote it, or null when it is not a phone number.
 * Meta sends digits without "+" ("12025550101"); Twilio sends E.164; shops write anything
 * ("+1 202-555-0101", "(202) 555-0101" with the country known from elsewhere).
 */
export function toE164(raw: string, defaultCountry?: CountryCode): string | null {
  const trimmed = raw.trim();
  if (!/\d/.test(trimmed)) return null;
  const international = /^\d{8,15}$/.test(trimmed) ? `+${trimmed}` : trimmed;
  return parsePhone(international, defaultCountry)?.number ?? null;
}

export function countryOf(e164: string): CountryCode | undefined {
  return parsePhone(e164)?.country;
}

/**
 * The forms one mobile number is known under. Brazil added a ninth digit to mobiles (2012–2016)
 * and WhatsApp still reports many accounts without it; Mexico dropped the "1" after +52 for
 * mobiles in 2019 and WhatsApp still sends +521…. Both forms are the same person.
 */
export function phoneVariants(e164: string): string[] {
  const variants = new Set([e164]);
  const brazil = /^\+55(\d{2})(\d{8,9})$/.exec(e164);
  if (brazil) {
    const [, area, subscriber] = brazil as unknown as [string, string, string];
    if (subscriber.length === 8 && /^[6-9]/.test(subscriber)) variants.add(`+55${area}9${subscriber}`);
    if (subscriber.length === 9 && subscriber.startsWith("9")) variants.add(`+55${area}${subscriber.slice(1)}`);
  }
  const mexico = /^\+52(1?)(\d{10})$/.exec(e164);
  if (mexico) {
    const [, one, national] = mexico as unknown as [string, string, string];
    variants.add(one ? `+52${national}` : `+521${national}`);
  }
  return [...variants];
}

/** The last 8 digits: equal across the variants above, and what the orders index is built on. */
export function phoneSuffix(e164: string): string {
  return e164.replace(/\D/g, "").slice(-8);
}

/** Whether a shop's stored phone and an inbound sender are the same number. */
export function samePhone(stored: string, senderE164: string): boolean {
  // A stored phone written internationally with only punctuation around the sender's own digits is
  // the sender: no parse (each new customer's phone missed the cache above, 0.1 ms of app CPU per
  // inbound message in issue 13's profile).
  if (/^\+[\d\s().-]+$/.test(stored.trim()) && stored.replace(/\D/g, "") === senderE164.slice(1)) return true;
  const storedE164 = toE164(stored, countryOf(senderE164));
  if (!storedE164) return false;
  const senders = new Set(phoneVariants(senderE164));
  return phoneVariants(storedE164).some((v) => senders.has(v));
}
