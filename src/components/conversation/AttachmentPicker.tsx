"use client";

import { useId, useRef } from "react";

export type PendingUpload = {
  key: string;
  fileName: string;
  progress: number;
  state: "uploading" | "done" | "failed";
  id?: string;
  error?: string;
  abort: AbortController;
  /** An object URL of the picked image, for its thumbnail before sending. */
  previewUrl?: string;
};

/**
 * The files going with the next message: a thumbnail of each image, progress while uploading, a
 * reason if refused, Remove.
 */
export function AttachmentPicker({
  uploads,
  onPick,
  onRemove,
  disabled,
}: {
  uploads: PendingUpload[];
  onPick: (files: File[]) => void;
  onRemove: (key: string) => void;
  disabled: boolean;
}) {
  const inputId = useId();
  const input = useRef<HTMLInputElement>(null);
  return (
    <div className="min-w-0">
      <label
        htmlFor={inputId}
        className="inline-flex cursor-pointer items-center rounded-md border border-slate-300 bg-white px-3 py-1.5 text-sm font-medium text-slate-800 hover:bg-slate-100 focus-within:ring-2 focus-within:ring-brand"
      >
        Attach files
        <input
          ref={input}
          id={inputId}
          type="file"
          multiple
          disabled={disabled}
          className="sr-only"
          onChange={(e) => {
            onPick(Array.from(e.target.files ?? []));
            // Emptied so the same file can be picked again after a removal.
            if (input.current) input.current.value = "";
          }}
        />
      </label>
      {uploads.length > 0 && (
        <ul aria-label="Files to send" className="mt-2 space-y-1 text-sm">
          {uploads.map((u) => (
            <li key={u.key} className="flex flex-wrap items-center gap-2">
              {u.previewUrl && (
                <img src={u.previewUrl} alt={`Preview of ${u.fileName}`} className="h-10 w-10 rounded border border-slate-200 object-cover" />
              )}
              <span className="break-all text-slate-800">{u.fileName}</span>
              {u.state === "uploading" && (
                <progress aria-label={`Uploading ${u.fileName}`} max={1} value={u.progress} className="h-2 w-24" />
              )}
              {u.state === "done" && <span className="text-emerald-800">Uploaded</span>}
              {u.state === "failed" && (
                <span role="alert" className="text-red-800">
                  {u.error}
                </span>
              )}
              <button
                type="button"
                onClick={() => onRemove(u.key)}
                className="rounded px-1.5 text-slate-700 underline hover:bg-slate-100 focus:outline-none focus-visible:ring-2 focus-visible:ring-brand"
              >
                Remove<span className="sr-only"> {u.fileName}</span>
              </button>
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}
