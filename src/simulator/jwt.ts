/** HS256 JWTs as minted by the auth endpoint and checked by /graphql. */
import { randomUUID } from 'node:crypto';
import { jwtVerify, SignJWT } from 'jose';

/** `iss` claim of every simulator JWT. */
export const JWT_ISSUER = 'boomi-platform-simulator';

/** The caller identified by a verified JWT (claims may be missing in hand-made tokens). */
export interface JwtCaller {
  accountId: string | undefined;
  userId: string | undefined;
  username: string | undefined;
}

/**
 * Mints a token. `exp` is rounded up to the next whole second so the token is valid for at least
 * `lifetimeSeconds` (JWT times have one-second resolution).
 */
export async function mintJwt(
  key: Uint8Array,
  claims: { username: string; userId: string; accountId: string },
  lifetimeSeconds: number,
): Promise<string> {
  const nowMs = Date.now();
  const iat = Math.floor(nowMs / 1000);
  const exp = Math.ceil((nowMs + lifetimeSeconds * 1000) / 1000);
  return new SignJWT({ user: claims.username, userId: claims.userId, accountId: claims.accountId })
    .setProtectedHeader({ alg: 'HS256', typ: 'JWT' })
    .setSubject(claims.username)
    .setIssuer(JWT_ISSUER)
    .setIssuedAt(iat)
    .setExpirationTime(exp)
    .setJti(randomUUID())
    .sign(key);
}

/** Verifies signature, issuer and expiry; undefined when the token is not acceptable. */
export async function verifyJwt(key: Uint8Array, token: string): Promise<JwtCaller | undefined> {
  try {
    const { payload } = await jwtVerify(token, key, { issuer: JWT_ISSUER, algorithms: ['HS256'] });
    if (typeof payload.exp !== 'number') return undefined;
    const str = (v: unknown): string | undefined => (typeof v === 'string' && v !== '' ? v : undefined);
    return {
      accountId: str(payload.accountId),
      userId: str(payload.userId),
      username: str(payload.user) ?? str(payload.sub),
    };
  } catch {
    return undefined;
  }
}
