/** Basic-auth parsing and constant-time credential checks for the auth endpoint. */
import { createHash, timingSafeEqual } from 'node:crypto';
import type { SimulatorUser } from './types.ts';

/** User name prefix that marks an API-token login. */
export const TOKEN_USER_PREFIX = 'BOOMI_TOKEN.';

/** Decodes `Authorization: Basic <base64(user:password)>`; undefined when absent or malformed. */
export function parseBasicAuth(
  header: string | undefined,
): { username: string; password: string } | undefined {
  if (!header) return undefined;
  const match = /^Basic\s+([A-Za-z0-9+/=]+)\s*$/i.exec(header);
  if (!match?.[1]) return undefined;
  const decoded = Buffer.from(match[1], 'base64').toString('utf8');
  const colon = decoded.indexOf(':');
  if (colon <= 0) return undefined;
  return { username: decoded.slice(0, colon), password: decoded.slice(colon + 1) };
}

// Comparing digests keeps the comparison constant-time even when lengths differ.
function sameSecret(a: string, b: string): boolean {
  const da = createHash('sha256').update(a).digest();
  const db = createHash('sha256').update(b).digest();
  return timingSafeEqual(da, db);
}

/**
 * Finds the user for Basic credentials: `BOOMI_TOKEN.<username>` + API token, or
 * `<username>` + password when the user has one. undefined = wrong credentials.
 */
export function authenticate(
  users: readonly SimulatorUser[],
  credentials: { username: string; password: string },
): SimulatorUser | undefined {
  const isToken = credentials.username.startsWith(TOKEN_USER_PREFIX);
  const name = isToken ? credentials.username.slice(TOKEN_USER_PREFIX.length) : credentials.username;
  const user = users.find((u) => u.username.toLowerCase() === name.toLowerCase());
  if (!user) return undefined;
  if (isToken) return sameSecret(user.apiToken, credentials.password) ? user : undefined;
  if (user.password === undefined) return undefined;
  return sameSecret(user.password, credentials.password) ? user : undefined;
}
