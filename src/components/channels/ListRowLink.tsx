import Link from "next/link";
import type { ReactNode } from "react";

/**
 * One row of a channel view's list, drawn as the inbox draws a thread: a link (Enter opens it), a
 * j/k stop for the inbox keyboard, and `aria-current` with the brand edge while it is open beside the list.
 */
export function ListRowLink({ href, current, children }: { href: string; current: boolean; children: ReactNode }) {
  return (
    <li>
      <Link
        href={href}
        data-inbox-row=""
        aria-current={current ? "page" : undefined}
        className={`block border-l-4 px-3 py-3 focus:outline-none focus-visible:ring-2 focus-visible:ring-inset focus-visible:ring-brand ${
          current ? "border-brand bg-blue-50" : "border-transparent hover:bg-slate-50"
        }`}
      >
        {children}
      </Link>
    </li>
  );
}
