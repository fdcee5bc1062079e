"use client";

import { api } from "~/trpc/react";
import { Timestamp } from "./Timestamp";
import { useHydrated } from "./use-hydrated";

/** The signed-in user's tokens, newest first, each revocable while active. Never shows a secret. */
export function ApiTokenList({ onRevoked }: { onRevoked: (tokenId: string) => void }) {
  const utils = api.useUtils();
  const hydrated = useHydrated();
  const tokens = api.apiTokens.list.useQuery();
  const revoke = api.apiTokens.revoke.useMutation({
    onSuccess: (revoked) => onRevoked(revoked.id),
    onSettled: () => utils.apiTokens.list.invalidate(),
  });

  if (tokens.isPending) return <p className="text-slate-500">Loading tokens…</p>;
  if (tokens.isError)
    return (
      <p role="alert" className="text-red-800">
        Could not load your tokens: {tokens.error.message}
      </p>
    );

  return (
    <section aria-labelledby="api-token-list-title">
      <h2 id="api-token-list-title" className="mb-2 text-lg font-semibold">
        Your tokens
      </h2>
      {revoke.error && (
        <p role="alert" className="mb-3 rounded-md bg-red-50 px-3 py-2 text-sm text-red-800">
          Not revoked: {revoke.error.message}
        </p>
      )}
      {tokens.data.length === 0 ? (
        <p className="text-slate-600">You have no API tokens yet.</p>
      ) : (
        <ul aria-label="Your API tokens" className="divide-y divide-slate-200 rounded-lg border border-slate-200 bg-white">
          {tokens.data.map((token) => {
            const revoking = revoke.isPending && revoke.variables.tokenId === token.id;
            return (
              <li key={token.id} className="flex flex-col gap-3 p-4 sm:flex-row sm:items-start sm:justify-between">
                <div className="min-w-0">
                  <h3 className="break-words font-medium text-slate-900">{token.name}</h3>
                  <dl className="mt-1 grid grid-cols-[auto_1fr] gap-x-3 gap-y-0.5 text-sm text-slate-600">
                    <dt>Prefix</dt>
                    <dd className="font-mono">{token.prefix}…</dd>
                    <dt>Created</dt>
                    <dd>
                      <Timestamp iso={token.createdAt} />
                    </dd>
                    <dt>Last used</dt>
                    <dd>{token.lastUsedAt ? <Timestamp iso={token.lastUsedAt} /> : "Never"}</dd>
                    <dt>Status</dt>
                    <dd>
                      {token.revokedAt ? (
                        <span className="text-slate-700">
                          Revoked <Timestamp iso={token.revokedAt} />
                        </span>
                      ) : (
                        <span className="font-medium text-emerald-800">Active</span>
                      )}
                    </dd>
                  </dl>
                </div>
                {!token.revokedAt && (
                  <button
                    type="button"
                    onClick={() => revoke.mutate({ tokenId: token.id })}
                    disabled={!hydrated || revoking}
                    className="self-start whitespace-nowrap rounded-md border border-red-300 px-3 py-1.5 text-sm font-medium text-red-800 hover:bg-red-50 focus:outline-none focus-visible:ring-2 focus-visible:ring-red-500 disabled:opacity-50"
                  >
                    {revoking ? "Revoking…" : "Revoke"}
                    <span className="sr-only"> {token.name}</span>
                  </button>
                )}
              </li>
            );
          })}
        </ul>
      )}
    </section>
  );
}
