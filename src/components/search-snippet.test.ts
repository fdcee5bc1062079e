import { describe, expect, it } from "vitest";
import { cutAtWord, groupByThread } from "./search-snippet";

describe("cutAtWord", () => {
  it("cuts a length-cut snippet back to the last whole word", () => {
    expect(cutAtWord("the parcel was deliv…")).toBe("the parcel was …");
  });
  it("leaves a snippet that was not cut, or has no earlier word", () => {
    expect(cutAtWord("the parcel was delivered")).toBe("the parcel was delivered");
    expect(cutAtWord("Supercalifragilistic…")).toBe("Supercalifragilistic…");
  });
});

describe("groupByThread", () => {
  it("keeps newest-first order inside a thread and the threads' first appearance", () => {
    const hit = (id: string, thread: string) => ({ id, thread: { id: thread } });
    const groups = groupByThread([hit("m5", "B"), hit("m4", "A"), hit("m3", "B"), hit("m1", "C")]);
    expect(groups.map((g) => [g.threadId, g.hits.map((h) => h.id)])).toEqual([
      ["B", ["m5", "m3"]],
      ["A", ["m4"]],
      ["C", ["m1"]],
    ]);
  });
});
