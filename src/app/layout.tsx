import type { Metadata, Viewport } from "next";
import type { ReactNode } from "react";
import { AppHeader } from "~/components/AppHeader";
import { LiveRegionProvider } from "~/components/LiveRegion";
import { RealtimeProvider } from "~/components/live/RealtimeProvider";
import { configuredRealtime } from "~/server/realtime/pusher-server";
import { browserRealtimeConfig } from "~/server/realtime/realtime-config";
import "~/styles/globals.css";
import { TRPCReactProvider } from "~/trpc/react";
import { getSessionActor } from "~/trpc/server";

export const metadata: Metadata = {
  title: "Orderline",
  description: "Every conversation about an order, in one place.",
  // public/ holds the static assets; the favicon is an SVG every current browser takes.
  icons: { icon: { url: "/favicon.svg", type: "image/svg+xml" } },
  manifest: "/manifest.webmanifest",
};

export const viewport: Viewport = { themeColor: "#1d4ed8", width: "device-width", initialScale: 1 };

/**
 * Every page has the same frame: the skip link (the first thing Tab reaches), the header with its
 * <nav>, and one <main id="main"> that the skip link moves focus to. Surfaces and pages put their
 * content inside it, so none of them declares its own <main>.
 */
export default async function RootLayout({ children }: { children: ReactNode }) {
  const actor = await getSessionActor();
  return (
    <html lang="en">
      <body className="min-h-screen bg-slate-50 text-slate-900 antialiased">
        <a href="#main" className="skip-link">
          Skip to content
        </a>
        <TRPCReactProvider>
          {/* The header's bell is live, so it sits inside the realtime provider. */}
          <RealtimeProvider config={actor ? browserRealtimeConfig(configuredRealtime()) : null}>
            <AppHeader actor={actor} />
            <LiveRegionProvider>
              <main id="main" tabIndex={-1}>
                {children}
              </main>
            </LiveRegionProvider>
          </RealtimeProvider>
        </TRPCReactProvider>
      </body>
    </html>
  );
}
