import {
  type CryptoKey,
  createRemoteJWKSet,
  errors,
  importJWK,
  importSPKI,
  type JWK,
  type JWTPayload,
  type JWTVerifyGetKey,
  jwtVerify,
} from 'jose';
import type { JwtAlgorithm } from '../config.ts';

export interface JwtVerifierOptions {
  /** JWKS endpoint of the gateway or identity provider; exclusive with `publicKey`. */
  jwksUrl?: string | undefined;
  /** A static public key: SPKI PEM, or one JWK as JSON; exclusive with `jwksUrl`. */
  publicKey?: string | undefined;
  /** Accepted `alg` values; anything else (`none`, HS*) is refused before the signature is looked at. */
  algorithms: readonly JwtAlgorithm[];
  /** Required `iss`. */
  issuer: string;
  /** Accepted `aud` values (one must match). */
  audience: readonly string[];
  /** Leeway for `exp` / `nbf` / `iat`, in seconds. */
  clockToleranceSeconds: number;
  /** Least time between two JWKS fetches caused by an unknown `kid`. @default 30000 */
  jwksCooldownMs?: number;
  /** JWKS fetch timeout. @default 5000 */
  jwksTimeoutMs?: number;
}

/** Why a token was refused, for debug logs (never the token). */
export class JwtRefusedError extends Error {
  override name = 'JwtRefusedError';
  constructor(
    readonly reason: string,
    /** True when the key source (JWKS) failed, not the token. */
    readonly keySourceFailed = false,
  ) {
    super(reason);
  }
}

/** Verifies a compact JWS JWT; resolves with its claims or rejects with {@link JwtRefusedError}. */
export type JwtVerifier = (token: string) => Promise<JWTPayload>;

/** Creates a verifier with pinned algorithms, issuer, audience and clock tolerance (jose). */
export function createJwtVerifier(options: JwtVerifierOptions): JwtVerifier {
  const getKey = keySource(options);
  const verifyOptions = {
    algorithms: [...options.algorithms],
    issuer: options.issuer,
    audience: [...options.audience],
    clockTolerance: options.clockToleranceSeconds,
    requiredClaims: ['exp'],
  };
  return async (token) => {
    try {
      const { payload } = await jwtVerify(token, getKey, verifyOptions);
      return payload;
    } catch (error) {
      throw refusalOf(error);
    }
  };
}

function keySource(options: JwtVerifierOptions): JWTVerifyGetKey {
  if (options.jwksUrl !== undefined && options.publicKey === undefined) {
    return createRemoteJWKSet(new URL(options.jwksUrl), {
      cooldownDuration: options.jwksCooldownMs ?? 30_000,
      timeoutDuration: options.jwksTimeoutMs ?? 5000,
    });
  }
  if (options.publicKey !== undefined && options.jwksUrl === undefined) {
    return staticKey(options.publicKey);
  }
  throw new TypeError('createJwtVerifier: give exactly one of jwksUrl and publicKey');
}

/** One imported key per algorithm (WebCrypto keys are bound to one); at most as many as `algorithms`. */
function staticKey(text: string): JWTVerifyGetKey {
  const trimmed = text.trim();
  const jwk = trimmed.startsWith('{') ? (JSON.parse(trimmed) as JWK) : undefined;
  const keys = new Map<string, Promise<CryptoKey | Uint8Array>>();
  return (header) => {
    const alg = header.alg ?? '';
    let key = keys.get(alg);
    if (!key) {
      key = jwk ? importJWK(jwk, alg) : importSPKI(trimmed, alg);
      keys.set(alg, key);
    }
    return key;
  };
}

function refusalOf(error: unknown): JwtRefusedError {
  if (error instanceof errors.JWKSTimeout) return new JwtRefusedError('JWKS endpoint timed out', true);
  if (error instanceof errors.JWKSInvalid)
    return new JwtRefusedError('JWKS endpoint answered an invalid key set', true);
  if (error instanceof errors.JOSEError) return new JwtRefusedError(error.code);
  // fetch failures of the JWKS endpoint, and key import errors of an unusable static key.
  const message = error instanceof Error ? error.message : String(error);
  return new JwtRefusedError(`key source failed: ${message}`, true);
}
