import type { ReactNode } from "react";
import { NotForYourAccount } from "~/components/NotForYourAccount";
import { gateSurface, requestedPath } from "../_lib/surface-gate";
import { AdminNav } from "./_components/AdminNav";

export default async function AdminLayout({ children }: { children: ReactNode }) {
  const access = await gateSurface("admin", await requestedPath("admin"));
  if (access.kind === "wrong-role") return <NotForYourAccount actor={access.actor} />;
  return (
    <div className="mx-auto max-w-5xl px-4 py-8">
      <AdminNav />
      {children}
    </div>
  );
}
