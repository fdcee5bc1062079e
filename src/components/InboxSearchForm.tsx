"use client";

import { type FormEvent, useEffect, useId, useRef, useState } from "react";
import { channelLabel } from "./channel-label";
import {
  activeFilterCount,
  conversationStatusLabels,
  emptyInboxSearch,
  type InboxSearchFields,
  inboxSearchQueryString,
  KEYWORD_MAX_LENGTH,
  orderStatusLabels,
  searchChannels,
  senderRoleLabels,
} from "./InboxSearchParams";
import { useHydrated } from "./use-hydrated";

/** A date typed digit by digit passes through several valid days (0002-, 0020-, …): wait for a pause. */
const DATE_SETTLE_MS = 600;

const fieldClass =
  "mt-1 block w-full min-w-0 rounded-md border border-slate-300 bg-white px-2 py-1.5 text-sm focus:border-brand focus:outline-none focus:ring-2 focus:ring-brand/30";
const labelClass = "block text-sm font-medium text-slate-700";

interface Props {
  /** The search the URL holds. */
  applied: InboxSearchFields;
  stores: { id: string; name: string }[];
  onSearch: (search: InboxSearchFields) => void;
  /** A search is on its way (the page is navigating). */
  busy: boolean;
}

/**
 * The keyword and filters of the admin inbox. A choice (status, unread, order status, channel,
 * sender, store) searches at once; the keyword waits for Enter or "Search", and a date for a
 * pause in typing, so a half-typed word or date does not fill the history.
 */
export function InboxSearchForm({ applied, stores, onSearch, busy }: Props) {
  const hydrated = useHydrated();
  const id = useId();
  const [draft, setDraft] = useState(applied);
  // Below 1024 px the filters fold away above the list; in the three-pane layout they have their own pane.
  const [filtersShown, setFiltersShown] = useState(false);
  const dateTimer = useRef<ReturnType<typeof setTimeout>>(undefined);

  // Back/Forward or a link changes the URL under the form: show what it holds now.
  const appliedKey = inboxSearchQueryString(applied);
  const [shownKey, setShownKey] = useState(appliedKey);
  if (appliedKey !== shownKey) {
    setShownKey(appliedKey);
    setDraft(applied);
  }

  // The date timer searches for the form as it is when it fires, words typed meanwhile included.
  const latestDraft = useRef(draft);
  useEffect(() => {
    latestDraft.current = draft;
  });
  useEffect(() => () => clearTimeout(dateTimer.current), []);

  function search(next: InboxSearchFields) {
    clearTimeout(dateTimer.current);
    setDraft(next);
    onSearch(next);
  }

  function choose(patch: Partial<InboxSearchFields>) {
    search({ ...draft, ...patch });
  }

  function pickDate(patch: Pick<Partial<InboxSearchFields>, "from" | "to">) {
    setDraft({ ...draft, ...patch });
    clearTimeout(dateTimer.current);
    dateTimer.current = setTimeout(() => onSearch(latestDraft.current), DATE_SETTLE_MS);
  }

  function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    search(draft);
  }

  return (
    <form
      role="search"
      aria-label="Search messages"
      aria-busy={busy}
      onSubmit={submit}
      className="mb-4 rounded-lg border border-slate-200 bg-white p-4"
    >
      <fieldset disabled={!hydrated} className="min-w-0">
        <label htmlFor={`${id}-q`} className={labelClass}>
          Search
        </label>
        {/* In the narrow filters pane the button goes under the field, so the keyword stays readable. */}
        <div className="mt-1 flex gap-2 lg:flex-col">
          <input
            id={`${id}-q`}
            type="search"
            value={draft.q}
            maxLength={KEYWORD_MAX_LENGTH}
            onChange={(e) => setDraft({ ...draft, q: e.target.value })}
            aria-describedby={`${id}-q-hint`}
            className="block w-full min-w-0 rounded-md border border-slate-300 px-3 py-2 focus:border-brand focus:outline-none focus:ring-2 focus:ring-brand/30"
          />
          <button
            type="submit"
            className="shrink-0 rounded-md bg-brand px-4 py-2 font-medium text-white hover:bg-brand-dark focus:outline-none focus-visible:ring-2 focus-visible:ring-brand focus-visible:ring-offset-2 disabled:opacity-60"
          >
            Search
          </button>
        </div>
        <p id={`${id}-q-hint`} className="mt-1 text-xs text-slate-500">
          Words, a &quot;quoted phrase&quot;, -word to exclude, or an exact order number or customer email.
        </p>

        <button
          type="button"
          aria-expanded={filtersShown}
          aria-controls={`${id}-filters`}
          onClick={() => setFiltersShown(!filtersShown)}
          className="mt-3 flex items-center gap-1 rounded-md border border-slate-300 px-3 py-1.5 text-sm hover:bg-slate-100 lg:hidden"
        >
          Filters{activeFilterCount(draft) > 0 && ` (${activeFilterCount(draft)} set)`}
          <span aria-hidden="true">{filtersShown ? "▴" : "▾"}</span>
        </button>
        <div
          id={`${id}-filters`}
          className={`mt-4 ${filtersShown ? "grid" : "hidden"} grid-cols-2 gap-x-3 gap-y-3 sm:grid-cols-3 lg:grid lg:grid-cols-1`}
        >
          <FilterSelect
            id={`${id}-status`}
            label="Conversation"
            anyLabel="Any status"
            value={draft.status}
            options={labelledOptions(conversationStatusLabels)}
            onChange={(value) => choose({ status: value as InboxSearchFields["status"] })}
          />
          <FilterSelect
            id={`${id}-order-status`}
            label="Order status"
            anyLabel="Any"
            value={draft.orderStatus}
            options={labelledOptions(orderStatusLabels)}
            onChange={(value) => choose({ orderStatus: value as InboxSearchFields["orderStatus"] })}
          />
          <FilterSelect
            id={`${id}-channel`}
            label="Channel"
            anyLabel="Any"
            value={draft.channel}
            options={searchChannels.map((value) => ({ value, label: channelLabel[value] ?? value }))}
            onChange={(value) => choose({ channel: value as InboxSearchFields["channel"] })}
          />
          <FilterSelect
            id={`${id}-sender`}
            label="Sender"
            anyLabel="Anyone"
            value={draft.senderRole}
            options={labelledOptions(senderRoleLabels)}
            onChange={(value) => choose({ senderRole: value as InboxSearchFields["senderRole"] })}
          />
          <FilterSelect
            id={`${id}-store`}
            label="Store"
            anyLabel="All stores"
            value={draft.store}
            options={stores.map((store) => ({ value: store.id, label: store.name }))}
            onChange={(value) => choose({ store: value })}
          />
          <div>
            <label htmlFor={`${id}-from`} className={labelClass}>
              From <span className="font-normal text-slate-500">(UTC)</span>
            </label>
            <input
              id={`${id}-from`}
              type="date"
              value={draft.from}
              max={draft.to || undefined}
              onChange={(e) => pickDate({ from: e.target.value })}
              className={fieldClass}
            />
          </div>
          <div>
            <label htmlFor={`${id}-to`} className={labelClass}>
              To <span className="font-normal text-slate-500">(UTC)</span>
            </label>
            <input
              id={`${id}-to`}
              type="date"
              value={draft.to}
              min={draft.from || undefined}
              onChange={(e) => pickDate({ to: e.target.value })}
              className={fieldClass}
            />
          </div>
          <div className="flex items-end gap-3 pb-1.5">
            <label htmlFor={`${id}-unread`} className="flex items-center gap-2 text-sm font-medium text-slate-700">
              <input
                id={`${id}-unread`}
                type="checkbox"
                checked={draft.unread}
                onChange={(e) => choose({ unread: e.target.checked })}
                className="h-4 w-4"
              />
              Unread only
            </label>
          </div>
        </div>

        <div className="mt-4 flex items-center gap-3">
          <button
            type="button"
            onClick={() => search(emptyInboxSearch)}
            className="rounded-md border border-slate-300 px-3 py-1.5 text-sm hover:bg-slate-100 disabled:opacity-60"
          >
            Clear
          </button>
          {/* Always present: a live region is announced when its text changes, not when it appears. */}
          <span role="status" className="text-sm text-slate-500">
            {busy ? "Searching…" : ""}
          </span>
        </div>
      </fieldset>
    </form>
  );
}

const labelledOptions = (labels: Record<string, string>) => Object.entries(labels).map(([value, label]) => ({ value, label }));

/** One filter: "" is its "any" choice. */
function FilterSelect(props: {
  id: string;
  label: string;
  anyLabel: string;
  value: string;
  options: { value: string; label: string }[];
  onChange: (value: string) => void;
}) {
  return (
    <div>
      <label htmlFor={props.id} className={labelClass}>
        {props.label}
      </label>
      <select id={props.id} value={props.value} onChange={(e) => props.onChange(e.target.value)} className={fieldClass}>
        <option value="">{props.anyLabel}</option>
        {props.options.map((option) => (
          <option key={option.value} value={option.value}>
            {option.label}
          </option>
        ))}
      </select>
    </div>
  );
}
