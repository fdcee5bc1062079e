"use client";

import { createContext, type ReactNode, useCallback, useContext, useEffect, useRef, useState } from "react";

type Announce = (message: string) => void;

const AnnounceContext = createContext<Announce>(() => {});

/**
 * One polite live region for the whole app (mounted once in the root layout), so a screen reader
 * hears "New message from Bob" without losing its place. The region is in the page from the first
 * render: screen readers ignore a live region that appears together with its text.
 */
export function LiveRegionProvider({ children }: { children: ReactNode }) {
  const [message, setMessage] = useState("");
  const timer = useRef<ReturnType<typeof setTimeout> | undefined>(undefined);

  // Emptied first and filled a moment later, so the same sentence twice is announced twice.
  const announce = useCallback<Announce>((text) => {
    setMessage("");
    clearTimeout(timer.current);
    timer.current = setTimeout(() => setMessage(text), 100);
  }, []);
  useEffect(() => () => clearTimeout(timer.current), []);

  return (
    <AnnounceContext.Provider value={announce}>
      {children}
      <div role="status" aria-live="polite" aria-atomic="true" className="sr-only" data-testid="live-region">
        {message}
      </div>
    </AnnounceContext.Provider>
  );
}

/** `announce(text)`: tell screen-reader users something happened, without moving their focus. */
export function useAnnounce(): Announce {
  return useContext(AnnounceContext);
}
