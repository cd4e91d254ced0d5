import { createHash, randomBytes, timingSafeEqual } from "node:crypto";

/** An unguessable opaque id (256 bits), URL-safe. */
export function randomToken(prefix: string): string {
  return `${prefix}_${randomBytes(32).toString("base64url")}`;
}

/**
 * Tokens, session ids and API keys are high-entropy random strings, so a plain SHA-256 is
 * enough to store them: nobody can brute-force 256 bits, and a leaked table hands out
 * nothing that works.
 */
export function sha256Hex(value: string): string {
  return createHash("sha256").update(value, "utf8").digest("hex");
}

/** Compares two hex digests without leaking where they differ. */
export function sameDigest(a: string, b: string): boolean {
  const left = Buffer.from(a, "hex");
  const right = Buffer.from(b, "hex");
  return left.length === right.length && left.length > 0 && timingSafeEqual(left, right);
}
