import { ListSkeleton } from "~/components/ListSkeleton";

export default function Loading() {
  return <ListSkeleton label="Loading the inbox…" rows={8} />;
}
