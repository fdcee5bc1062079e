import { StaffThreadPage } from "../../../_lib/staff-thread-page";

export default async function PartnerThreadPage({
  params,
  searchParams,
}: {
  params: Promise<{ threadId: string }>;
  searchParams: Promise<{ message?: string | string[] }>;
}) {
  const { message } = await searchParams;
  return <StaffThreadPage surface="partner" threadId={(await params).threadId} searchHit={typeof message === "string" ? message : undefined} />;
}
