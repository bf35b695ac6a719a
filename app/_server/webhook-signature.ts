// The webhook signature scheme, in one file with no database imports, so receivers' docs and the
// tests use the same code the sender does. Documented in the OpenAPI description (openapi.ts).
import { createHmac, timingSafeEqual } from "node:crypto";

export const SIGNATURE_HEADER = "x-pauta-signature";
export const TIMESTAMP_HEADER = "x-pauta-timestamp";
export const DELIVERY_HEADER = "x-pauta-delivery";

/** `v1=<hex HMAC-SHA256(secret, "<timestamp>.<body>")>`; the timestamp (unix seconds) is signed so a captured request cannot be replayed later unnoticed. */
export function signatureHeader(secret: string, timestamp: number | string, body: string): string {
  return `v1=${createHmac("sha256", secret).update(`${timestamp}.${body}`).digest("hex")}`;
}

/**
 * Whether `header` is the signature of exactly `body` sent at `timestamp` with `secret` (constant-time).
 * Receivers should also refuse timestamps far from their clock (e.g. more than 5 minutes).
 */
export function verifySignature(secret: string, timestamp: string | number, body: string, header: string | null | undefined): boolean {
  if (!header) return false;
  const expected = Buffer.from(signatureHeader(secret, timestamp, body));
  const given = Buffer.from(header.trim());
  return given.length === expected.length && timingSafeEqual(given, expected);
}
