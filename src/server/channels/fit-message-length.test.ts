import { describe, expect, it } from "vitest";
import { fitMessageLength } from "./process-inbound-event";

describe("fitMessageLength: a long inbound message still reaches its thread", () => {
  it("keeps a message within the limit exactly as it came", () => {
    expect(fitMessageLength("hello", 10)).toBe("hello");
    expect(fitMessageLength("x".repeat(200), 200)).toBe("x".repeat(200));
  });

  it("shortens a longer one to the limit and says where the rest is", () => {
    const fitted = fitMessageLength("y".repeat(500), 200);
    expect(fitted.length).toBeLessThanOrEqual(200);
    expect(fitted.startsWith("yyyy")).toBe(true);
    expect(fitted).toMatch(/inbound events log/);
  });

  it("never cuts an emoji in half", () => {
    const fitted = fitMessageLength("😀".repeat(300), 201);
    expect(fitted.length).toBeLessThanOrEqual(201);
    expect(() => encodeURIComponent(fitted)).not.toThrow();
  });
});
