"use client";

import { useEffect, useRef } from "react";
import { type InboxAbilities, type ListItemNoun, shortcutFor } from "./inbox-shortcuts";
import { InboxShortcutsHelp } from "./InboxShortcutsHelp";

/** The list rows on screen (a collapsed pane's rows are hidden and skipped). */
function visibleRows(): HTMLElement[] {
  return [...document.querySelectorAll<HTMLElement>("[data-inbox-row]")].filter((row) => row.offsetParent !== null);
}

function moveInList(step: 1 | -1) {
  const rows = visibleRows();
  if (rows.length === 0) return;
  const focused = rows.indexOf(document.activeElement as HTMLElement);
  const from = focused >= 0 ? focused : rows.findIndex((row) => row.hasAttribute("aria-current"));
  const next = from < 0 ? (step === 1 ? 0 : rows.length - 1) : Math.min(rows.length - 1, Math.max(0, from + step));
  rows[next]!.focus();
  rows[next]!.scrollIntoView({ block: "nearest" });
}

/** The open thread's pane, so a "Close" elsewhere on the page (a menu) is never pressed by `e`. */
const threadPane = () => document.querySelector<HTMLElement>("[data-thread-pane]");

function buttonNamed(name: string, within: ParentNode | null, role?: string): HTMLElement | undefined {
  const selector = role ? `[role="${role}"]` : "button";
  return [...(within?.querySelectorAll<HTMLElement>(selector) ?? [])].find((el) => el.textContent?.trim() === name);
}

/** The composer's textbox named "Message". */
function messageBox(within: ParentNode | null): HTMLTextAreaElement | undefined {
  return [...(within?.querySelectorAll("textarea") ?? [])].find(
    (box) => (box.getAttribute("aria-label") ?? box.labels?.[0]?.textContent ?? "").trim() === "Message",
  );
}

/**
 * Switches the composer to a reply or a note and puts the cursor in it. The composer offers the
 * choice as tabs ("Reply to customer" / "Internal note"); an older one as a checkbox.
 */
function compose(mode: "reply" | "note") {
  const pane = threadPane();
  const box = messageBox(pane);
  if (!box) return;
  const tab = buttonNamed(mode === "reply" ? "Reply to customer" : "Internal note", pane, "tab");
  if (tab) tab.click();
  else {
    const noteBox = [...(pane?.querySelectorAll<HTMLInputElement>('input[type="checkbox"]') ?? [])].find((input) =>
      input.labels?.[0]?.textContent?.includes("Internal note"),
    );
    if (noteBox && noteBox.checked !== (mode === "note")) noteBox.click();
  }
  box.focus();
}

/**
 * The inbox's keyboard: j/k move through the list (focus is the selection, so Enter opens the row
 * as any link does), r/n reply or note, e closes, / searches, ? lists them. Listens on the
 * document, and ignores keys typed into fields (see shortcutFor). `item` names what the list holds
 * in the help overlay.
 */
export function InboxKeyboard({ item = "conversation", ...can }: InboxAbilities & { item?: ListItemNoun }) {
  const help = useRef<HTMLDialogElement>(null);
  const abilities = useRef(can);
  useEffect(() => {
    abilities.current = can;
  });

  useEffect(() => {
    function onKey(event: KeyboardEvent) {
      if (event.defaultPrevented || help.current?.open) return;
      const action = shortcutFor(
        { key: event.key, ctrlKey: event.ctrlKey, metaKey: event.metaKey, altKey: event.altKey, target: event.target as HTMLElement | null },
        abilities.current,
      );
      if (!action) return;
      // The key must not land in the field that now takes focus ("r" typed into the reply).
      event.preventDefault();
      switch (action) {
        case "next":
          return moveInList(1);
        case "previous":
          return moveInList(-1);
        case "reply":
        case "note":
          return compose(action);
        case "close":
          return buttonNamed("Close", threadPane())?.click();
        case "search":
          return document.querySelector<HTMLInputElement>('form[role="search"] input[type="search"]')?.focus();
        case "help":
          return help.current?.showModal();
      }
    }
    document.addEventListener("keydown", onKey);
    return () => document.removeEventListener("keydown", onKey);
  }, []);

  return <InboxShortcutsHelp ref={help} can={can} item={item} />;
}
