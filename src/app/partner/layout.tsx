import type { ReactNode } from "react";
import { NotForYourAccount } from "~/components/NotForYourAccount";
import { gateSurface, requestedPath } from "../_lib/surface-gate";

export default async function PartnerLayout({ children }: { children: ReactNode }) {
  const access = await gateSurface("partner", await requestedPath("partner"));
  if (access.kind === "wrong-role") return <NotForYourAccount actor={access.actor} />;
  return <div className="mx-auto max-w-5xl px-4 py-8">{children}</div>;
}
