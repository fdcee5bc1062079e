import { describe, expect, it } from "vitest";
import { phoneSuffix, phoneVariants, samePhone, toE164 } from "./phone-number";

describe("phones compare in E.164", () => {
  it("Meta's digits without '+' and the shop's formatted number are the same phone", () => {
    expect(toE164("12025550101")).toBe("+12025550101");
    expect(samePhone("+1 202-555-0101", "+12025550101")).toBe(true);
    expect(samePhone("(202) 555-0101", "+12025550101")).toBe(true); // national format: country from the sender
    expect(samePhone("+1 202-555-0102", "+12025550101")).toBe(false);
  });

  it("Brazil: with and without the ninth digit are one mobile", () => {
    expect(phoneVariants("+551187654321")).toContain("+5511987654321");
    expect(samePhone("+55 11 98765-4321", toE164("551187654321") ?? "")).toBe(true);
    expect(samePhone("+55 11 8765-4321", "+5511987654321")).toBe(true);
    // A landline (starts 2–5) gets no ninth digit.
    expect(phoneVariants("+551132654321")).toEqual(["+551132654321"]);
  });

  it("Mexico: WhatsApp's +521 and the +52 the shop stores are one mobile", () => {
    expect(samePhone("+52 55 1234 5678", toE164("5215512345678") ?? "")).toBe(true);
    expect(samePhone("+52 1 55 1234 5678", "+525512345678")).toBe(true);
    expect(samePhone("+52 55 1234 5679", "+5215512345678")).toBe(false);
  });

  it("the index suffix is the same across the variants", () => {
    expect(phoneSuffix("+551187654321")).toBe(phoneSuffix("+5511987654321"));
    expect(phoneSuffix("+5215512345678")).toBe(phoneSuffix("+525512345678"));
  });

  it("not a phone", () => {
    expect(toE164("abc")).toBeNull();
  });
});
