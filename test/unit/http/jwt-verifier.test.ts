import { generateKeyPairSync } from 'node:crypto';
import { SignJWT } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createJwtVerifier, JwtRefusedError } from '../../../src/http/jwt-verifier.ts';
import {
  createTestKey,
  type JwksServer,
  signToken,
  startJwksServer,
  type TestKey,
} from '../../helpers/jwks-server.ts';

const base = { issuer: 'https://gw', audience: ['subgraph'], clockToleranceSeconds: 0 } as const;
const claims = { iss: 'https://gw', aud: 'subgraph', sub: 'gateway' };

async function refusal(promise: Promise<unknown>): Promise<JwtRefusedError> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(JwtRefusedError);
  return error as JwtRefusedError;
}

describe('createJwtVerifier with a static key', () => {
  it('verifies with a JWK, and with an SPKI PEM for each pinned algorithm', async () => {
    const rsa = await createTestKey('rsa');
    const byJwk = createJwtVerifier({
      ...base,
      algorithms: ['RS256'],
      publicKey: JSON.stringify(rsa.publicJwk),
    });
    expect((await byJwk(await signToken(rsa, claims))).sub).toBe('gateway');

    const pair = generateKeyPairSync('rsa', { modulusLength: 2048 });
    const pem = pair.publicKey.export({ type: 'spki', format: 'pem' }).toString();
    const byPem = createJwtVerifier({ ...base, algorithms: ['RS256', 'PS256'], publicKey: pem });
    for (const alg of ['RS256', 'PS256']) {
      const now = Math.floor(Date.now() / 1000);
      const token = await new SignJWT({ ...claims, exp: now + 60 })
        .setProtectedHeader({ alg })
        .sign(pair.privateKey);
      expect((await byPem(token)).sub).toBe('gateway');
    }
  });

  it('refuses an algorithm outside the pinned list with ERR_JOSE_ALG_NOT_ALLOWED', async () => {
    const rsa = await createTestKey('rsa');
    const verify = createJwtVerifier({
      ...base,
      algorithms: ['ES256'],
      publicKey: JSON.stringify(rsa.publicJwk),
    });
    const error = await refusal(verify(await signToken(rsa, claims)));
    expect(error.reason).toBe('ERR_JOSE_ALG_NOT_ALLOWED');
    expect(error.keySourceFailed).toBe(false);
  });

  it('names the failed claim check (issuer, audience, expiry)', async () => {
    const rsa = await createTestKey('rsa');
    const verify = createJwtVerifier({
      ...base,
      algorithms: ['RS256'],
      publicKey: JSON.stringify(rsa.publicJwk),
    });
    expect((await refusal(verify(await signToken(rsa, { ...claims, iss: 'x' })))).reason).toBe(
      'ERR_JWT_CLAIM_VALIDATION_FAILED',
    );
    expect((await refusal(verify(await signToken(rsa, { ...claims, exp: 1 })))).reason).toBe(
      'ERR_JWT_EXPIRED',
    );
    expect((await refusal(verify('not-a-jwt'))).reason).toBe('ERR_JWS_INVALID');
  });

  it('needs exactly one key source', () => {
    expect(() => createJwtVerifier({ ...base, algorithms: ['RS256'] })).toThrow(
      'createJwtVerifier: give exactly one of jwksUrl and publicKey',
    );
  });
});

describe('createJwtVerifier with a JWKS URL', () => {
  let jwks: JwksServer;
  let key: TestKey;
  beforeAll(async () => {
    key = await createTestKey('k1');
    jwks = await startJwksServer([key]);
  });
  afterAll(async () => {
    await jwks.close();
  });

  it('fetches the key set once, and unknown kids within the cooldown cause no further fetch', async () => {
    const verify = createJwtVerifier({
      ...base,
      algorithms: ['RS256'],
      jwksUrl: jwks.url,
      jwksCooldownMs: 60_000,
    });
    const before = jwks.fetches();
    await verify(await signToken(key, claims));
    expect(jwks.fetches()).toBe(before + 1);
    for (let i = 0; i < 20; i++) {
      const error = await refusal(verify(await signToken(key, claims, { kid: `random-${i}` })));
      expect(error.reason).toBe('ERR_JWKS_NO_MATCHING_KEY');
    }
    expect(jwks.fetches()).toBe(before + 1);
  });

  it('reports an unreachable JWKS endpoint as a key-source failure', async () => {
    const verify = createJwtVerifier({
      ...base,
      algorithms: ['RS256'],
      jwksUrl: 'http://127.0.0.1:1/jwks.json',
      jwksTimeoutMs: 2000,
    });
    const error = await refusal(verify(await signToken(key, claims)));
    expect(error.keySourceFailed).toBe(true);
  });
});
