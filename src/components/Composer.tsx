"use client";

import { type DragEvent, type FormEvent, type KeyboardEvent, useId, useRef, useState } from "react";
import { AttachmentPicker, type PendingUpload } from "./conversation/AttachmentPicker";
import { LockIcon } from "./conversation/LockIcon";
import { uploadFile } from "./conversation/upload-file";
import type { Draft } from "./conversation/use-outbox";
import { useHydrated } from "./use-hydrated";

export type Audience = "customer" | "partner" | "admin";

const readers: Record<Audience, string> = {
  customer: "The shop will see this.",
  partner: "The customer and the shop's staff will see this.",
  admin: "The customer will see this (and it may be sent to them by email, WhatsApp or SMS).",
};

/**
 * Writes a message: Enter sends, Shift+Enter adds a line. The send itself belongs to the thread's
 * outbox (`onSend`), which shows it at once and offers Retry if it fails; the box is emptied and
 * focused again straight away. Admins choose between two tabs, "Reply to customer" and "Internal
 * note"; the note mode is amber with a lock and says who sees it, so nobody writes a note to a
 * customer by mistake.
 */
export function Composer({
  audience,
  onSend,
}: {
  audience: Audience;
  onSend: (draft: Draft) => void;
}) {
  const hydrated = useHydrated();
  const [content, setContent] = useState("");
  const [internal, setInternal] = useState(false);
  const [uploads, setUploads] = useState<PendingUpload[]>([]);
  const [dragging, setDragging] = useState(false);
  const box = useRef<HTMLTextAreaElement>(null);
  const counter = useRef(0);
  const messageId = useId();
  const hintId = useId();
  const allowInternalNote = audience === "admin";
  const note = allowInternalNote && internal;

  const uploading = uploads.some((u) => u.state === "uploading");
  const ready = uploads.filter((u) => u.state === "done" && u.id);
  const canSend = hydrated && !uploading && (content.trim() !== "" || ready.length > 0);

  function patch(key: string, change: Partial<PendingUpload>) {
    setUploads((all) => all.map((u) => (u.key === key ? { ...u, ...change } : u)));
  }

  function pick(files: File[]) {
    for (const file of files) {
      counter.current += 1;
      const key = `up-${counter.current}`;
      const abort = new AbortController();
      // A local preview of an image, shown while it uploads (revoked when it leaves the composer).
      const previewUrl = file.type.startsWith("image/") ? URL.createObjectURL(file) : undefined;
      setUploads((all) => [...all, { key, fileName: file.name, progress: 0, state: "uploading", abort, previewUrl }]);
      uploadFile(file, (progress) => patch(key, { progress }), abort.signal).then(
        (stored) => patch(key, { state: "done", id: stored.id, progress: 1 }),
        (error: Error) => patch(key, { state: "failed", error: error.message }),
      );
    }
  }

  function remove(key: string) {
    const upload = uploads.find((u) => u.key === key);
    upload?.abort.abort();
    if (upload?.previewUrl) URL.revokeObjectURL(upload.previewUrl);
    setUploads((all) => all.filter((u) => u.key !== key));
  }

  function submit(event?: FormEvent<HTMLFormElement>) {
    event?.preventDefault();
    if (!canSend) return;
    onSend({ content, isInternal: note, attachments: ready.map((u) => ({ id: u.id!, fileName: u.fileName })) });
    setContent("");
    for (const u of uploads) if (u.previewUrl) URL.revokeObjectURL(u.previewUrl);
    setUploads([]);
    box.current?.focus();
  }

  function onKeyDown(event: KeyboardEvent<HTMLTextAreaElement>) {
    if (event.key === "Enter" && !event.shiftKey && !event.nativeEvent.isComposing) {
      event.preventDefault();
      submit();
    }
  }

  function choose(isNote: boolean) {
    setInternal(isNote);
    box.current?.focus();
  }

  function onDrop(event: DragEvent<HTMLFormElement>) {
    event.preventDefault();
    setDragging(false);
    if (event.dataTransfer.files.length > 0) pick(Array.from(event.dataTransfer.files));
  }

  const hint = note ? "Internal note: only the shop's admins see this. Never sent to the customer." : readers[audience];
  return (
    <form
      onSubmit={submit}
      onDragOver={(e) => {
        e.preventDefault();
        setDragging(true);
      }}
      onDragLeave={() => setDragging(false)}
      onDrop={onDrop}
      aria-label="Write a message"
      data-mode={note ? "note" : "reply"}
      className={`mt-6 rounded-lg p-4 ${note ? "border-2 border-dashed border-internal bg-internal-bg" : "border border-slate-200 bg-white"} ${dragging ? "ring-2 ring-brand" : ""}`}
    >
      {allowInternalNote && (
        <div role="tablist" aria-label="Message type" className="mb-3 flex gap-1">
          <button
            type="button"
            role="tab"
            aria-selected={!note}
            onClick={() => choose(false)}
            className={`rounded-t-md border-b-2 px-3 py-1.5 text-sm font-medium focus:outline-none focus-visible:ring-2 focus-visible:ring-brand ${!note ? "border-brand text-brand-dark" : "border-transparent text-slate-700 hover:bg-slate-100"}`}
          >
            Reply to customer
          </button>
          <button
            type="button"
            role="tab"
            aria-selected={note}
            onClick={() => choose(true)}
            className={`inline-flex items-center gap-1 rounded-t-md border-b-2 px-3 py-1.5 text-sm font-medium focus:outline-none focus-visible:ring-2 focus-visible:ring-internal ${note ? "border-internal text-internal" : "border-transparent text-slate-700 hover:bg-slate-100"}`}
          >
            <LockIcon /> Internal note
          </button>
        </div>
      )}
      <label htmlFor={messageId} className="block text-sm font-medium text-slate-800">
        Message
      </label>
      <textarea
        ref={box}
        id={messageId}
        value={content}
        onChange={(e) => setContent(e.target.value)}
        onKeyDown={onKeyDown}
        // Typing before the page is interactive would be lost (no handler would send it).
        disabled={!hydrated}
        aria-describedby={hintId}
        rows={3}
        placeholder={note ? "Write an internal note…" : "Write a message…"}
        className={`mt-1 block w-full rounded-md border px-3 py-2 focus:outline-none focus:ring-2 ${note ? "border-internal bg-white focus:ring-internal/40" : "border-slate-300 focus:border-brand focus:ring-brand/30"}`}
      />
      <p id={hintId} className={`mt-1 flex items-center gap-1 text-sm ${note ? "font-medium text-internal" : "text-slate-600"}`}>
        {note && <LockIcon />}
        {hint} <span className="sr-only">Enter sends; Shift+Enter adds a line.</span>
      </p>
      <div className="mt-3 flex flex-wrap items-start gap-3">
        <AttachmentPicker uploads={uploads} onPick={pick} onRemove={remove} disabled={!hydrated} />
        <button
          type="submit"
          disabled={!canSend}
          className={`ml-auto rounded-md px-4 py-2 font-medium text-white focus:outline-none focus-visible:ring-2 focus-visible:ring-offset-2 disabled:opacity-50 ${note ? "bg-internal hover:bg-amber-900 focus-visible:ring-internal" : "bg-brand hover:bg-brand-dark focus-visible:ring-brand"}`}
        >
          {note ? "Send note" : "Send"}
        </button>
      </div>
    </form>
  );
}
