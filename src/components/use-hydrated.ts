import { useSyncExternalStore } from "react";

const subscribeToNothing = () => () => {};

/**
 * False in the server render and until React has hydrated this component, then true.
 * Controls that only work through JavaScript stay disabled until then: a click that lands
 * before hydration would otherwise do nothing, or submit a form natively.
 */
export function useHydrated(): boolean {
  return useSyncExternalStore(
    subscribeToNothing,
    () => true,
    () => false,
  );
}
