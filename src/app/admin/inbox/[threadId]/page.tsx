import { StaffThreadPage } from "../../../_lib/staff-thread-page";

export default async function AdminThreadPage({
  params,
  searchParams,
}: {
  params: Promise<{ threadId: string }>;
  searchParams: Promise<{ message?: string | string[] }>;
}) {
  const { message } = await searchParams;
  return <StaffThreadPage surface="admin" threadId={(await params).threadId} searchHit={typeof message === "string" ? message : undefined} />;
}
