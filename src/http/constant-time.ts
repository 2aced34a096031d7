import { createHash, timingSafeEqual } from 'node:crypto';

/**
 * Compares a received secret with the expected one in time independent of where they differ and of
 * the received length: both sides are hashed first, so `timingSafeEqual` always compares 32 bytes.
 */
export function secretsMatch(received: string | null | undefined, expected: string): boolean {
  if (typeof received !== 'string') return false;
  const a = createHash('sha256').update(received, 'utf8').digest();
  const b = createHash('sha256').update(expected, 'utf8').digest();
  return timingSafeEqual(a, b);
}

/** The token of an `Authorization: Bearer <token>` header (scheme case-insensitive), or undefined. */
export function bearerToken(authorization: string | null | undefined): string | undefined {
  if (typeof authorization !== 'string') return undefined;
  const match = /^\s*bearer\s+([^\s]+)\s*$/i.exec(authorization);
  return match?.[1];
}
