import { describe, expect, it } from "vitest";
import { relativeAge, waitingSince } from "./thread-list-time";

const now = Date.parse("2026-11-29T12:00:00Z");
const ago = (ms: number) => new Date(now - ms).toISOString();

describe("relativeAge", () => {
  it("counts up in the largest whole unit, then gives the date", () => {
    expect(relativeAge(ago(59_000), now)).toBe("now");
    expect(relativeAge(ago(60_000), now)).toBe("1 min");
    expect(relativeAge(ago(59 * 60_000), now)).toBe("59 min");
    expect(relativeAge(ago(3_600_000), now)).toBe("1 h");
    expect(relativeAge(ago(23 * 3_600_000 + 3_599_000), now)).toBe("23 h");
    expect(relativeAge(ago(86_400_000), now)).toBe("1 d");
    expect(relativeAge(ago(6 * 86_400_000), now)).toBe("6 d");
    expect(relativeAge("2026-11-01T09:00:00Z", now)).toBe("1 Nov 2026");
  });

  it("says now for a clock slightly ahead of the reader's", () => {
    expect(relativeAge(ago(-5_000), now)).toBe("now");
  });
});

describe("waitingSince", () => {
  const at = "2026-11-29T11:00:00Z";
  it("shows the list's waiting time on an open thread, whatever its last message was", () => {
    expect(waitingSince({ status: "open", customerWaitingSince: at })).toBe(at);
    expect(waitingSince({ status: "open", customerWaitingSince: null })).toBeNull();
  });

  it("shows no wait on a closed thread", () => {
    expect(waitingSince({ status: "closed", customerWaitingSince: at })).toBeNull();
  });
});
