import type { Metadata } from "next";
import type { ReactNode } from "react";
import { AppHeader } from "~/components/AppHeader";
import { RealtimeProvider } from "~/components/live/RealtimeProvider";
import { configuredRealtime } from "~/server/realtime/pusher-server";
import { browserRealtimeConfig } from "~/server/realtime/realtime-config";
import "~/styles/globals.css";
import { TRPCReactProvider } from "~/trpc/react";
import { getSessionActor } from "~/trpc/server";

export const metadata: Metadata = {
  title: "Orderline",
  description: "Every conversation about an order, in one place.",
};

export default async function RootLayout({ children }: { children: ReactNode }) {
  const actor = await getSessionActor();
  return (
    <html lang="en">
      <body className="min-h-screen bg-slate-50 text-slate-900 antialiased">
        <TRPCReactProvider>
          <RealtimeProvider config={actor ? browserRealtimeConfig(configuredRealtime()) : null}>
            <AppHeader actor={actor} />
            {children}
          </RealtimeProvider>
        </TRPCReactProvider>
      </body>
    </html>
  );
}
