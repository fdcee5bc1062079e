import type { Metadata } from "next";
import { ApiTokensPanel } from "~/components/ApiTokensPanel";
import { api, HydrateClient } from "~/trpc/server";
import { apiTokensPath } from "~/navigation/landing";
import { signedInActor } from "../../_lib/signed-in-gate";

export const metadata: Metadata = { title: "API tokens · Orderline" };

export default async function ApiTokensPage() {
  await signedInActor(apiTokensPath);
  // Awaited, not streamed (see src/trpc/server.ts).
  await api.apiTokens.list.prefetch();
  return (
    <div className="mx-auto max-w-3xl px-4 py-8">
      <h1 className="text-2xl font-semibold">API tokens</h1>
      <p className="mt-2 text-slate-600">
        A token lets a program use the Orderline REST API as you, with exactly your access. Send it as{" "}
        <code className="rounded bg-slate-100 px-1 py-0.5 text-sm">Authorization: Bearer &lt;token&gt;</code>. A token cannot
        manage tokens; revoke one as soon as you no longer need it.
      </p>
      <HydrateClient>
        <ApiTokensPanel />
      </HydrateClient>
    </div>
  );
}
