"use client";

import { type FormEvent, useId, useState } from "react";
import { api } from "~/trpc/react";
import { ApiTokenList } from "./ApiTokenList";
import { NewApiTokenSecret } from "./NewApiTokenSecret";
import { useHydrated } from "./use-hydrated";

/** Creates the signed-in user's API tokens and lists them; the secret of a new one is shown once. */
export function ApiTokensPanel() {
  const utils = api.useUtils();
  const hydrated = useHydrated();
  const [name, setName] = useState("");
  const [created, setCreated] = useState<{ id: string; name: string; token: string } | null>(null);
  const nameId = useId();
  const create = api.apiTokens.create.useMutation({
    onSuccess: async ({ token, apiToken }) => {
      setName("");
      setCreated({ id: apiToken.id, name: apiToken.name, token });
      await utils.apiTokens.list.invalidate();
    },
  });

  function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    if (!name.trim() || create.isPending) return;
    setCreated(null);
    create.mutate({ name });
  }

  return (
    <div className="mt-6 space-y-6">
      <form onSubmit={submit} aria-label="Create an API token" className="rounded-lg border border-slate-200 bg-white p-4">
        <label htmlFor={nameId} className="block text-sm font-medium text-slate-700">
          Token name
        </label>
        <p id={`${nameId}-hint`} className="text-sm text-slate-500">
          What the token is for, e.g. the program that will use it.
        </p>
        <div className="mt-2 flex flex-col gap-3 sm:flex-row">
          <input
            id={nameId}
            type="text"
            value={name}
            maxLength={100}
            onChange={(e) => setName(e.target.value)}
            disabled={!hydrated}
            aria-describedby={`${nameId}-hint`}
            className="block w-full min-w-0 flex-1 rounded-md border border-slate-300 px-3 py-2 focus:border-brand focus:outline-none focus:ring-2 focus:ring-brand/30"
          />
          <button
            type="submit"
            disabled={!hydrated || create.isPending || !name.trim()}
            className="whitespace-nowrap rounded-md bg-brand px-4 py-2 font-medium text-white hover:bg-brand-dark focus:outline-none focus-visible:ring-2 focus-visible:ring-brand focus-visible:ring-offset-2 disabled:opacity-50"
          >
            {create.isPending ? "Creating…" : "Create token"}
          </button>
        </div>
        {create.error && (
          <p role="alert" className="mt-3 rounded-md bg-red-50 px-3 py-2 text-sm text-red-800">
            Not created: {create.error.message}
          </p>
        )}
      </form>
      {created && <NewApiTokenSecret name={created.name} token={created.token} />}
      {/* A revoked token's secret is of no use to copy any more. */}
      <ApiTokenList onRevoked={(tokenId) => setCreated((shown) => (shown?.id === tokenId ? null : shown))} />
    </div>
  );
}
