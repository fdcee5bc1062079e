import { ThreadSkeleton } from "~/components/ThreadSkeleton";

export default function Loading() {
  return <ThreadSkeleton />;
}
