import { describe, expect, it } from "vitest";
import { unreadLabel } from "./unread-label";

describe("unreadLabel", () => {
  it("shows the count up to 99, then 99+", () => {
    expect(unreadLabel(1)).toBe("1 unread");
    expect(unreadLabel(99)).toBe("99 unread");
    expect(unreadLabel(100)).toBe("99+ unread");
  });
});
