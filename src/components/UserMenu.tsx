"use client";

import Link from "next/link";
import { type FocusEvent, type KeyboardEvent, useEffect, useId, useRef, useState } from "react";
import { RoleBadge } from "./RoleBadge";
import { SignOutButton } from "./SignOutButton";
import { useHydrated } from "./use-hydrated";

/**
 * Who is signed in, with the account's own pages and sign-out behind one button. A disclosure,
 * not an ARIA menu: its few items are ordinary links and buttons reached with Tab, which is what
 * people and screen readers expect of a header; role="menu" would promise arrow-key navigation.
 * Escape, a click outside or tabbing away closes it; Escape returns focus to the button.
 */
export function UserMenu({ name, role, apiTokensHref }: { name: string; role: string; apiTokensHref: string }) {
  const [open, setOpen] = useState(false);
  const hydrated = useHydrated();
  const panelId = useId();
  const container = useRef<HTMLDivElement>(null);
  const button = useRef<HTMLButtonElement>(null);

  useEffect(() => {
    if (!open) return;
    const closeOnOutsidePointer = (event: PointerEvent) => {
      if (!container.current?.contains(event.target as Node)) setOpen(false);
    };
    document.addEventListener("pointerdown", closeOnOutsidePointer);
    return () => document.removeEventListener("pointerdown", closeOnOutsidePointer);
  }, [open]);

  function onKeyDown(event: KeyboardEvent<HTMLDivElement>) {
    if (event.key !== "Escape" || !open) return;
    event.preventDefault();
    setOpen(false);
    button.current?.focus();
  }

  function onBlur(event: FocusEvent<HTMLDivElement>) {
    if (!container.current?.contains(event.relatedTarget as Node | null)) setOpen(false);
  }

  return (
    <div ref={container} className="relative" onKeyDown={onKeyDown} onBlur={onBlur}>
      <button
        ref={button}
        type="button"
        aria-expanded={open}
        aria-controls={panelId}
        disabled={!hydrated}
        onClick={() => setOpen((was) => !was)}
        className="flex items-center gap-2 rounded-md px-2 py-1.5 text-sm hover:bg-slate-100"
      >
        <span className="sr-only">Account menu for </span>
        {/* On a phone the header keeps to one line: a shorter name, and the role only in the menu. */}
        <span className="max-w-[8rem] truncate font-medium text-slate-900 sm:max-w-[12rem]">{name}</span>
        <span className="hidden sm:inline">
          <RoleBadge role={role} />
        </span>
        <svg aria-hidden="true" viewBox="0 0 20 20" className={`h-4 w-4 text-slate-600 transition-transform motion-reduce:transition-none ${open ? "rotate-180" : ""}`}>
          <path d="M5.5 7.5 10 12l4.5-4.5" fill="none" stroke="currentColor" strokeWidth="1.8" strokeLinecap="round" strokeLinejoin="round" />
        </svg>
      </button>
      <div
        id={panelId}
        hidden={!open}
        className="absolute right-0 z-20 mt-2 w-64 rounded-lg border border-slate-200 bg-white p-2 text-sm shadow-lg"
      >
        <p className="border-b border-slate-200 px-2 pb-2 text-slate-600">
          Signed in as <span className="font-medium text-slate-900">{name}</span> ({role})
        </p>
        <ul className="mt-2 space-y-1">
          <li>
            <Link
              href={apiTokensHref}
              onClick={() => setOpen(false)}
              className="block rounded-md px-2 py-1.5 font-medium text-brand-dark hover:bg-slate-100"
            >
              API tokens
            </Link>
          </li>
          <li className="px-2 pt-1">
            <SignOutButton />
          </li>
        </ul>
      </div>
    </div>
  );
}
