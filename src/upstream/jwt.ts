/**
 * Reading a JWT without verifying it: the subgraph only needs to know when Boomi's token expires, and
 * Boomi verifies it. Never use these helpers to make an authorization decision.
 */

const SEGMENT = /^[A-Za-z0-9_-]+$/;

/** Largest token we accept; Boomi's are well under 4 KiB, and this bounds the work done on garbage. */
const MAX_JWT_LENGTH = 16_384;

/** True when `token` has the compact JWS shape: three base64url segments, a non-empty header and payload. */
export function isJwtShaped(token: string): boolean {
  if (token.length > MAX_JWT_LENGTH) return false;
  const parts = token.split('.');
  if (parts.length !== 3) return false;
  const [header, payload, signature] = parts as [string, string, string];
  return SEGMENT.test(header) && SEGMENT.test(payload) && (signature === '' || SEGMENT.test(signature));
}

/** The decoded payload object of a JWT-shaped token, or `undefined` when it is not a JSON object. */
export function readJwtPayload(token: string): Record<string, unknown> | undefined {
  if (!isJwtShaped(token)) return undefined;
  try {
    const payload: unknown = JSON.parse(Buffer.from(token.split('.')[1] ?? '', 'base64url').toString('utf8'));
    return typeof payload === 'object' && payload !== null && !Array.isArray(payload)
      ? (payload as Record<string, unknown>)
      : undefined;
  } catch {
    return undefined;
  }
}

function numericDate(value: unknown): number | undefined {
  return typeof value === 'number' && Number.isFinite(value) && value > 0 ? value : undefined;
}

/** The `exp` and `iat` claims (seconds since the epoch), each `undefined` when absent or not a number. */
export function readJwtTimes(token: string): { exp?: number; iat?: number } {
  const payload = readJwtPayload(token);
  const exp = numericDate(payload?.exp);
  const iat = numericDate(payload?.iat);
  return { ...(exp === undefined ? {} : { exp }), ...(iat === undefined ? {} : { iat }) };
}
