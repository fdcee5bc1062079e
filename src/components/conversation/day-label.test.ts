import { describe, expect, it } from "vitest";
import { dayKey, dayLabel } from "./day-label";

describe("day separators", () => {
  const now = new Date("2026-11-29T10:00:00Z");
  it("names today and yesterday, and dates the rest", () => {
    expect(dayLabel("2026-11-29T00:30:00Z", now, "UTC")).toBe("Today");
    expect(dayLabel("2026-11-28T23:59:00Z", now, "UTC")).toBe("Yesterday");
    expect(dayLabel("2026-11-20T12:00:00Z", now, "UTC")).toBe("Friday, 20 November 2026");
  });
  it("cuts days in the reader's zone, not the server's", () => {
    // 23:30 UTC on the 28th is already the 29th in Berlin.
    expect(dayKey("2026-11-28T23:30:00Z", "UTC")).toBe("2026-11-28");
    expect(dayKey("2026-11-28T23:30:00Z", "Europe/Berlin")).toBe("2026-11-29");
  });
});
