import { TRPCError } from "@trpc/server";
import Link from "next/link";
import { notFound } from "next/navigation";
import { z } from "zod";
import { api } from "~/trpc/server";
import { requestedPath, surfaceActor } from "../../../_lib/surface-gate";

/** A mail captured instead of sent (development without SMTP_URL): its headers, text and raw source. */
export default async function CapturedMailPage({ params }: { params: Promise<{ deliveryId: string }> }) {
  const actor = await surfaceActor("admin", await requestedPath("admin"));
  if (!actor) return null;
  const deliveryId = z.uuid().safeParse((await params).deliveryId).data;
  if (!deliveryId) notFound();
  const mail = await api.deliveries.capturedMail({ deliveryId }).catch((error: unknown) => {
    if (error instanceof TRPCError && error.code === "NOT_FOUND") return null;
    throw error;
  });
  if (!mail) notFound();

  const headers: [string, string | null][] = [
    ["From", mail.from],
    ["To", mail.to],
    ["Reply-To", mail.replyTo],
    ["Subject", mail.subject],
    ["Date", mail.date],
    ["Message-ID", mail.messageId],
    ["In-Reply-To", mail.inReplyTo],
    ["References", mail.references.join(" ") || null],
  ];
  return (
    <>
      <Link href="/admin/deliveries" className="underline">
        ← Deliveries
      </Link>
      <h1 className="my-4 text-2xl font-semibold">Captured mail</h1>
      <p className="mb-4 text-sm text-slate-600">Captured, not sent: SMTP_URL is not set.</p>
      <dl className="mb-4 grid grid-cols-[max-content_1fr] gap-x-4 gap-y-1 text-sm">
        {headers.map(([name, value]) =>
          value ? (
            <div key={name} className="contents">
              <dt className="font-medium">{name}</dt>
              <dd className="break-all">{value}</dd>
            </div>
          ) : null,
        )}
      </dl>
      <h2 className="mb-2 font-semibold">Text</h2>
      <pre className="mb-4 whitespace-pre-wrap rounded border bg-white p-3 text-sm">{mail.text}</pre>
      <details>
        <summary className="cursor-pointer">Raw message</summary>
        <pre className="mt-2 overflow-x-auto whitespace-pre rounded border bg-white p-3 text-xs">{mail.raw}</pre>
      </details>
    </>
  );
}
