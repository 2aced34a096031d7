/**
 * Inbound authentication through real HTTP: refused requests get 401 with an UNAUTHENTICATED GraphQL
 * error and reach nothing upstream; /health and /ready stay open. JWTs are checked against a JWKS served
 * on 127.0.0.1 (key rotation included); the shared secret is compared in constant time.
 */
import { SignJWT } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  createTestKey,
  type JwksServer,
  signToken,
  startJwksServer,
  type TestKey,
} from '../helpers/jwks-server.ts';
import { type Stack, startStack } from '../helpers/stack.ts';

const REFUSED = {
  message: 'Authentication required: this subgraph accepts requests from the organization gateway only.',
  extensions: { code: 'UNAUTHENTICATED', category: 'UNAUTHENTICATED', retryable: false },
};
const ISSUER = 'https://gateway.example.com';
const AUDIENCE = 'spaces-subgraph';

/** Runs `query` with `headers` and checks it was refused with 401 and caused no upstream request. */
async function expectRefused(stack: Stack, headers: Record<string, string>): Promise<Headers> {
  const before = stack.sim.stats().graphqlRequests;
  const res = await stack.query('{ spaces { id } }', undefined, { headers });
  expect(res.status).toBe(401);
  expect(res.body).toEqual({ errors: [REFUSED] });
  expect(stack.sim.stats().graphqlRequests).toBe(before);
  return res.headers;
}

describe('INBOUND_AUTH=shared-secret', () => {
  const secret = 'a-long-shared-secret-for-tests-0123456789';
  let stack: Stack;
  beforeAll(async () => {
    stack = await startStack({ env: { INBOUND_AUTH: 'shared-secret', INBOUND_SHARED_SECRET: secret } });
  });
  afterAll(async () => {
    await stack?.close();
  });

  it('refuses a request without the x-gateway-secret header, or with a wrong or truncated one', async () => {
    await expectRefused(stack, {});
    await expectRefused(stack, { 'x-gateway-secret': 'wrong' });
    await expectRefused(stack, { 'x-gateway-secret': secret.slice(0, -1) });
    await expectRefused(stack, { 'x-gateway-secret': `${secret}x` });
    await expectRefused(stack, { 'x-other-header': secret });
  });

  it('serves a request with the secret', async () => {
    const res = await stack.query<{ spaces: unknown[] }>('{ spaces { id } }', undefined, {
      headers: { 'x-gateway-secret': secret },
    });
    expect(res.status).toBe(200);
    expect(res.body.errors).toBeUndefined();
    expect(res.body.data?.spaces.length).toBeGreaterThan(0);
  });

  it('refuses a header-less multipart mutation with 401 before CSRF or upload handling', async () => {
    const form = new FormData();
    form.append('operations', JSON.stringify({ query: 'mutation { spaceDelete(id: "x") }' }));
    form.append('map', '{}');
    const before = stack.sim.stats().graphqlRequests;
    const res = await fetch(stack.url, { method: 'POST', body: form });
    expect(res.status).toBe(401);
    expect(await res.json()).toEqual({ errors: [REFUSED] });
    expect(stack.sim.stats().graphqlRequests).toBe(before);
  });

  it('keeps /health and /ready open', async () => {
    expect((await fetch(`${stack.base}/health`)).status).toBe(200);
    const ready = await fetch(`${stack.base}/ready`);
    expect(ready.status).toBe(200);
  });

  it('never logs the secret', () => {
    expect(stack.logs.join('\n')).not.toContain(secret);
  });
});

describe('INBOUND_AUTH=shared-secret with INBOUND_SHARED_SECRET_HEADER', () => {
  it('reads the secret from the configured header only', async () => {
    const secret = 'another-long-shared-secret-0123456789';
    const stack = await startStack({
      env: {
        INBOUND_AUTH: 'shared-secret',
        INBOUND_SHARED_SECRET: secret,
        INBOUND_SHARED_SECRET_HEADER: 'X-Spaces-Key',
      },
    });
    try {
      await expectRefused(stack, { 'x-gateway-secret': secret });
      const res = await stack.query('{ spaces { id } }', undefined, { headers: { 'x-spaces-key': secret } });
      expect(res.status).toBe(200);
    } finally {
      await stack.close();
    }
  });
});

describe('INBOUND_AUTH=jwt (JWKS)', () => {
  let jwks: JwksServer;
  let stack: Stack;
  let key1: TestKey;
  let key2: TestKey;
  const claims = { iss: ISSUER, aud: AUDIENCE, sub: 'gateway' };
  const bearer = (token: string) => ({ authorization: `Bearer ${token}` });

  beforeAll(async () => {
    key1 = await createTestKey('key-1');
    key2 = await createTestKey('key-2');
    jwks = await startJwksServer([key1]);
    stack = await startStack({
      env: {
        INBOUND_AUTH: 'jwt',
        INBOUND_JWT_JWKS_URL: jwks.url,
        INBOUND_JWT_ISSUER: ISSUER,
        INBOUND_JWT_AUDIENCE: AUDIENCE,
        INBOUND_JWT_CLOCK_TOLERANCE_SECONDS: '30',
        // Rotation is tested right after the first fetch: no cooldown between JWKS fetches.
        INBOUND_JWT_JWKS_COOLDOWN_MS: '0',
      },
    });
  });
  afterAll(async () => {
    await stack?.close();
    await jwks?.close();
  });

  it('refuses a request without a bearer token, with a challenge header', async () => {
    const headers = await expectRefused(stack, {});
    expect(headers.get('www-authenticate')).toBe('Bearer realm="spaces-subgraph"');
    await expectRefused(stack, { authorization: 'Basic dXNlcjpwYXNz' });
  });

  it('serves a request with a valid token', async () => {
    const res = await stack.query('{ spaces { id } }', undefined, {
      headers: bearer(await signToken(key1, claims)),
    });
    expect(res.status).toBe(200);
    expect(res.body.errors).toBeUndefined();
  });

  it('refuses wrong issuer, wrong audience, expired beyond the clock skew, missing exp, tampered payload', async () => {
    const now = Math.floor(Date.now() / 1000);
    await expectRefused(stack, bearer(await signToken(key1, { ...claims, iss: 'https://evil.example' })));
    await expectRefused(stack, bearer(await signToken(key1, { ...claims, aud: 'another-service' })));
    await expectRefused(stack, bearer(await signToken(key1, { ...claims, exp: now - 120 })));
    const noExp = await new SignJWT({ ...claims })
      .setProtectedHeader({ alg: 'RS256', kid: key1.kid })
      .sign(key1.privateKey);
    await expectRefused(stack, bearer(noExp));
    const [header, , signature] = (await signToken(key1, claims)).split('.');
    const forged = Buffer.from(JSON.stringify({ ...claims, sub: 'admin', exp: now + 300 })).toString(
      'base64url',
    );
    await expectRefused(stack, bearer(`${header}.${forged}.${signature}`));
  });

  it('accepts a token expired within the clock skew', async () => {
    const now = Math.floor(Date.now() / 1000);
    const res = await stack.query('{ spaces { id } }', undefined, {
      headers: bearer(await signToken(key1, { ...claims, exp: now - 5 })),
    });
    expect(res.status).toBe(200);
  });

  it('refuses alg none, HS256 and an algorithm outside INBOUND_JWT_ALGORITHMS', async () => {
    const payload = Buffer.from(
      JSON.stringify({ ...claims, exp: Math.floor(Date.now() / 1000) + 300 }),
    ).toString('base64url');
    const none = Buffer.from(JSON.stringify({ alg: 'none', kid: key1.kid })).toString('base64url');
    await expectRefused(stack, bearer(`${none}.${payload}.`));
    const hs = await new SignJWT({ ...claims, exp: Math.floor(Date.now() / 1000) + 300 })
      .setProtectedHeader({ alg: 'HS256', kid: key1.kid })
      .sign(new TextEncoder().encode('a-secret-an-attacker-chose-0123456789'));
    await expectRefused(stack, bearer(hs));
    const es = await createTestKey('key-es', 'ES256');
    jwks.publish([key1, es]);
    await expectRefused(stack, bearer(await signToken(es, claims)));
    jwks.publish([key1]);
  });

  it('picks up a rotated key: a token with a new kid triggers one JWKS fetch and is accepted', async () => {
    const fetchesBefore = jwks.fetches();
    await expectRefused(stack, bearer(await signToken(key2, claims)));
    jwks.publish([key1, key2]);
    const res = await stack.query('{ spaces { id } }', undefined, {
      headers: bearer(await signToken(key2, claims)),
    });
    expect(res.status).toBe(200);
    expect(jwks.fetches()).toBeGreaterThan(fetchesBefore);
    const afterRotation = jwks.fetches();
    await stack.query('{ spaces { id } }', undefined, { headers: bearer(await signToken(key2, claims)) });
    expect(jwks.fetches()).toBe(afterRotation);
  });

  it('never logs a token', async () => {
    const token = await signToken(key1, { ...claims, aud: 'nope' });
    await expectRefused(stack, bearer(token));
    expect(stack.logs.join('\n')).not.toContain(token.split('.')[2]);
  });
});

describe('INBOUND_AUTH=none', () => {
  it('serves every caller (the sandbox default; must be chosen explicitly with credentials)', async () => {
    const stack = await startStack({ env: { INBOUND_AUTH: 'none' } });
    try {
      const res = await stack.query('{ spaces { id } }');
      expect(res.status).toBe(200);
    } finally {
      await stack.close();
    }
  });
});
