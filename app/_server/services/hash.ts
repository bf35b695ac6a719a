import { createHash } from "node:crypto";
import canonicalize from "canonicalize";

export function sha256(s: string): string {
  return createHash("sha256").update(s, "utf8").digest("hex");
}

/** RFC 8785 canonical JSON: the bytes a hash is computed over. */
export function canonicalJson(value: unknown): string {
  return canonicalize(value) ?? "null";
}
