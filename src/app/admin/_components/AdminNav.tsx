"use client";

import Link from "next/link";
import { usePathname } from "next/navigation";

/** The admin area's sections. Inbox first: it is where admins land and work. */
const sections = [
  { href: "/admin/inbox", label: "Inbox" },
  { href: "/admin/webhooks", label: "Inbound events" },
  { href: "/admin/webhooks/unmatched", label: "Unmatched" },
  { href: "/admin/deliveries", label: "Deliveries" },
] as const;

/** The section a path belongs to: the longest href that is the path or a parent of it. */
function currentSection(pathname: string): string | undefined {
  return sections
    .map((s) => s.href)
    .filter((href) => pathname === href || pathname.startsWith(`${href}/`))
    .sort((a, b) => b.length - a.length)[0];
}

/**
 * A client component only for `usePathname`: the layout around it stays mounted across the admin's
 * pages, so a current marker computed on the server would stay on the first page visited.
 */
export function AdminNav() {
  const current = currentSection(usePathname());
  return (
    // As wide as the panes below it (InboxPanes), so the sections line up with the lists they open.
    <nav
      aria-label="Admin"
      className="mb-6 flex flex-wrap gap-x-5 gap-y-2 border-b border-slate-200 pb-3 text-sm lg:relative lg:left-1/2 lg:w-[min(calc(100vw-2rem),100rem)] lg:-translate-x-1/2"
    >
      {sections.map(({ href, label }) => (
        <Link
          key={href}
          href={href}
          aria-current={current === href ? "page" : undefined}
          className={
            current === href
              ? "font-semibold text-brand-dark underline underline-offset-4"
              : "text-slate-700 hover:text-brand-dark hover:underline"
          }
        >
          {label}
        </Link>
      ))}
    </nav>
  );
}
