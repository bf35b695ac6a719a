import { TRPCError } from "@trpc/server";

/** For server components: a caller's NOT_FOUND becomes null (the page then calls notFound()). */
export async function orNull<T>(p: Promise<T>): Promise<T | null> {
  try {
    return await p;
  } catch (e) {
    if (e instanceof TRPCError && (e.code === "NOT_FOUND" || e.code === "BAD_REQUEST")) return null;
    throw e;
  }
}
