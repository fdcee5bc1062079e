"use client";

import { usePathname, useRouter, useSearchParams } from "next/navigation";
import { useEffect, useId, useRef, useTransition } from "react";
import type { FilterSpec } from "./channels/channel-view-filters";
import { useHydrated } from "./use-hydrated";

/**
 * A list's filters as selects, each applied as soon as it is chosen and kept in the URL (linkable,
 * Back undoes it); an item open beside the list stays open. The inbox's filter card, for lists
 * with a few plain choices.
 */
export function ListFilters({ label, filters }: { label: string; filters: FilterSpec[] }) {
  const router = useRouter();
  const pathname = usePathname();
  const params = useSearchParams();
  const hydrated = useHydrated();
  const id = useId();
  const [navigating, startNavigation] = useTransition();
  // The query last asked for: a second choice made before the first navigation lands builds on it,
  // not on the URL it is leaving. Back/Forward (the URL changing under us) resets it.
  const asked = useRef<string | null>(null);
  const current = params.toString();
  useEffect(() => {
    asked.current = current;
  }, [current]);

  function choose(name: string, value: string) {
    const next = new URLSearchParams(asked.current ?? current);
    if (value) next.set(name, value);
    else next.delete(name);
    const query = next.toString();
    asked.current = query;
    startNavigation(() => router.push(query ? `${pathname}?${query}` : pathname, { scroll: false }));
  }

  return (
    <form aria-label={label} aria-busy={navigating} onSubmit={(e) => e.preventDefault()} className="mb-4 rounded-lg border border-slate-200 bg-white p-4">
      <fieldset disabled={!hydrated} className="grid min-w-0 grid-cols-2 gap-3 lg:grid-cols-1">
        {filters.map((filter) => {
          const chosen = params.get(filter.name) ?? "";
          const known = filter.options.some((option) => option.value === chosen);
          return (
            <div key={filter.name}>
              <label htmlFor={`${id}-${filter.name}`} className="block text-sm font-medium text-slate-700">
                {filter.label}
              </label>
              <select
                id={`${id}-${filter.name}`}
                value={known ? chosen : ""}
                onChange={(e) => choose(filter.name, e.target.value)}
                className="mt-1 block w-full min-w-0 rounded-md border border-slate-300 bg-white px-2 py-1.5 text-sm focus:border-brand focus:outline-none focus:ring-2 focus:ring-brand/30"
              >
                <option value="">{filter.anyLabel}</option>
                {filter.options.map((option) => (
                  <option key={option.value} value={option.value}>
                    {option.label}
                  </option>
                ))}
              </select>
            </div>
          );
        })}
      </fieldset>
    </form>
  );
}
