import { StaffThreadPage } from "../../../_lib/staff-thread-page";

export default async function PartnerThreadPage({ params }: { params: Promise<{ threadId: string }> }) {
  return <StaffThreadPage surface="partner" threadId={(await params).threadId} />;
}
