import { describe, expect, it } from "vitest";
import { shortcutFor, shortcutHelp } from "./inbox-shortcuts";

const admin = { reply: true, note: true, close: true, search: true };
const partner = { reply: true, note: false, close: false, search: false };
const press = (key: string, target: { tagName?: string; isContentEditable?: boolean } = { tagName: "BODY" }, mods = {}) => ({
  key,
  ctrlKey: false,
  metaKey: false,
  altKey: false,
  target,
  ...mods,
});

describe("shortcutFor", () => {
  it("maps each key to its action", () => {
    expect(["j", "k", "r", "n", "e", "/", "?"].map((key) => shortcutFor(press(key), admin))).toEqual([
      "next",
      "previous",
      "reply",
      "note",
      "close",
      "search",
      "help",
    ]);
  });

  it("never fires while typing in a field or with a modifier", () => {
    expect(shortcutFor(press("j", { tagName: "TEXTAREA" }), admin)).toBeNull();
    expect(shortcutFor(press("e", { tagName: "INPUT" }), admin)).toBeNull();
    expect(shortcutFor(press("k", { tagName: "SELECT" }), admin)).toBeNull();
    expect(shortcutFor(press("r", { tagName: "DIV", isContentEditable: true }), admin)).toBeNull();
    expect(shortcutFor(press("r", undefined, { ctrlKey: true }), admin)).toBeNull();
    expect(shortcutFor(press("Enter"), admin)).toBeNull();
  });

  it("leaves out what the surface cannot do (partners: no note, close or search)", () => {
    expect(shortcutFor(press("n"), partner)).toBeNull();
    expect(shortcutFor(press("e"), partner)).toBeNull();
    expect(shortcutFor(press("/"), partner)).toBeNull();
    expect(shortcutFor(press("r"), partner)).toBe("reply");
  });
});

describe("shortcutHelp", () => {
  it("words the list keys for what the page lists, and leaves out keys the surface does not answer", () => {
    const none = { reply: false, note: false, close: false, search: false };
    expect(shortcutHelp(none, "delivery")).toEqual([
      { key: "j", what: "Next delivery in the list" },
      { key: "k", what: "Previous delivery in the list" },
      { key: "Enter", what: "Open the chosen delivery" },
      { key: "?", what: "Show these shortcuts" },
    ]);
    expect(shortcutHelp(none, "inbound event").map((s) => s.what).join(" ")).not.toContain("conversation");
    expect(shortcutHelp(admin, "conversation").map((s) => s.key)).toEqual(["j", "k", "Enter", "r", "n", "e", "/", "?"]);
  });
});
