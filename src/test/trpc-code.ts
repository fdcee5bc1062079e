import { TRPCError } from "@trpc/server";

/** The tRPC error code a call is refused with; fails the test if the call succeeds. */
export async function trpcCodeOf(promise: Promise<unknown>): Promise<string> {
  try {
    await promise;
  } catch (error) {
    if (error instanceof TRPCError) return error.code;
    throw error;
  }
  throw new Error("expected a refusal");
}
