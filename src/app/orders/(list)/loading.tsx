import { ListSkeleton } from "~/components/ListSkeleton";

/**
 * The list's skeleton, in a route group of its own: a loading boundary above the thread pages
 * would start streaming before they can call notFound(), and a refused or missing thread would
 * then answer 200 instead of 404.
 */
export default function Loading() {
  return <ListSkeleton label="Loading your orders…" />;
}
