import { StaffThreadPage } from "../../../_lib/staff-thread-page";

export default async function AdminThreadPage({ params }: { params: Promise<{ threadId: string }> }) {
  return <StaffThreadPage surface="admin" threadId={(await params).threadId} />;
}
