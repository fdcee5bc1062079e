import { describe, expect, it } from "vitest";
import { relativeText } from "./RelativeTime";

describe("relativeText", () => {
  const now = new Date("2026-11-29T12:00:00Z");
  const ago = (seconds: number) => relativeText(new Date(now.getTime() - seconds * 1000), now);
  it("says how long ago, in the largest unit that fits", () => {
    expect(ago(10)).toBe("just now");
    expect(ago(120)).toBe("2 min ago");
    expect(ago(3 * 3600)).toBe("3 h ago");
    expect(ago(26 * 3600)).toBe("yesterday");
    expect(ago(3 * 86400)).toBe("3 days ago");
  });
  it("gives the date for anything older than a week", () => {
    expect(ago(30 * 86400)).not.toMatch(/ago/);
  });
});
