import { ListSkeleton } from "~/components/ListSkeleton";

export default function Loading() {
  return <ListSkeleton label="Loading your threads…" />;
}
