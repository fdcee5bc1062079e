"use client";

import { useEffect } from "react";

/**
 * A page that failed to render (a database hiccup, a bug): the header stays, this box takes the
 * page's place, and "Try again" fetches the page from the server again (`retry`, Next 16; `reset`
 * alone would re-render the same failed server result). The message is generic on purpose; in
 * production Next hands the browser only a digest, which is what the server log is searched by.
 */
export default function PageError({
  error,
  reset,
  retry,
}: {
  error: Error & { digest?: string };
  reset: () => void;
  retry?: () => void;
}) {
  useEffect(() => {
    console.error(error);
  }, [error]);
  return (
    <div className="mx-auto max-w-xl px-4 py-16">
      <div role="alert" className="rounded-lg border border-red-200 bg-red-50 p-6">
        <h1 className="text-xl font-semibold text-red-900">Something went wrong</h1>
        <p className="mt-2 text-red-800">This page could not be loaded. Your messages are safe; please try again.</p>
        {error.digest && <p className="mt-2 text-xs text-red-800">Reference: {error.digest}</p>}
        <button
          type="button"
          onClick={retry ?? reset}
          className="mt-4 rounded-md bg-red-700 px-4 py-2 font-medium text-white hover:bg-red-800"
        >
          Try again
        </button>
      </div>
    </div>
  );
}
