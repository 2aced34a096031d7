import { decodeJwt } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunningSimulator } from '../../src/simulator/index.ts';
import { SEED } from '../../src/simulator/seed.ts';
import { basicToken, DEMO, gql, MEMBER_USER, mint, start } from './sim-client.ts';

describe('auth endpoint', () => {
  let sim: RunningSimulator;
  beforeAll(async () => {
    sim = await start();
  });
  afterAll(() => sim.close());

  it('mints an HS256 JWT as text/plain with the documented claims', async () => {
    const res = await fetch(`${sim.authUrl}/${DEMO.accountId}`, {
      headers: { authorization: basicToken(DEMO.username, DEMO.apiToken) },
    });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/^text\/plain/);
    const token = await res.text();
    expect(token.split('.')).toHaveLength(3);
    const claims = decodeJwt(token);
    expect(claims).toMatchObject({
      sub: DEMO.username,
      user: DEMO.username,
      accountId: DEMO.accountId,
      iss: 'boomi-platform-simulator',
    });
    expect(typeof claims.userId).toBe('string');
    const lifetime = (claims.exp as number) - (claims.iat as number);
    expect(lifetime).toBeGreaterThanOrEqual(300);
    expect(lifetime).toBeLessThanOrEqual(301);
    expect(sim.stats().jwtMints).toBeGreaterThanOrEqual(1);
  });

  it('accepts username + password logins for users that have a password', async () => {
    const res = await fetch(`${sim.authUrl}/${DEMO.accountId}`, {
      headers: {
        authorization: `Basic ${Buffer.from(`${DEMO.username}:sim-demo-password`).toString('base64')}`,
      },
    });
    expect(res.status).toBe(200);
  });

  it('answers 401 for a wrong token and never echoes the secret', async () => {
    const secret = 'wrong-token-value-XYZ';
    const res = await fetch(`${sim.authUrl}/${DEMO.accountId}`, {
      headers: { authorization: basicToken(DEMO.username, secret) },
    });
    expect(res.status).toBe(401);
    const text = await res.text();
    expect(text).not.toContain(secret);
    expect(text).not.toContain(DEMO.apiToken);
    expect(JSON.parse(text)).toEqual({ error: 'Unauthorized', message: 'Invalid credentials' });
  });

  it('answers 401 for an unknown user and for a missing or malformed Authorization header', async () => {
    const unknown = await fetch(`${sim.authUrl}/${DEMO.accountId}`, {
      headers: { authorization: basicToken('nobody@example.com', DEMO.apiToken) },
    });
    expect(unknown.status).toBe(401);
    const missing = await fetch(`${sim.authUrl}/${DEMO.accountId}`);
    expect(missing.status).toBe(401);
    expect(missing.headers.get('www-authenticate')).toMatch(/^Basic/);
    const malformed = await fetch(`${sim.authUrl}/${DEMO.accountId}`, {
      headers: { authorization: 'Basic !!!' },
    });
    expect(malformed.status).toBe(401);
    const before = sim.stats().authFailures;
    await fetch(`${sim.authUrl}/${DEMO.accountId}`);
    expect(sim.stats().authFailures).toBe(before + 1);
  });

  it('answers 403 when the user may not use the account, or the account is unknown', async () => {
    const notAllowed = await fetch(`${sim.authUrl}/${SEED.otherAccountId}`, {
      headers: { authorization: basicToken(DEMO.username, DEMO.apiToken) },
    });
    expect(notAllowed.status).toBe(403);
    const unknown = await fetch(`${sim.authUrl}/nosuchaccount-AAAAAA`, {
      headers: { authorization: basicToken(DEMO.username, DEMO.apiToken) },
    });
    expect(unknown.status).toBe(403);
    expect(await unknown.text()).not.toContain(DEMO.apiToken);
  });

  it('answers 405 for a non-GET and 404 without an account id', async () => {
    const post = await fetch(`${sim.authUrl}/${DEMO.accountId}`, { method: 'POST' });
    expect(post.status).toBe(405);
    const none = await fetch(sim.authUrl);
    expect(none.status).toBe(404);
  });

  it('rejects /graphql calls without, with a malformed, or with a forged bearer token (documented 401 shape)', async () => {
    const query = '{ spaceAccounts { id name } }';
    const expected = {
      data: null,
      errors: [
        { message: 'Downstream Execution Error: Unauthorized', path: ['spaceAccounts'], extensions: {} },
      ],
    };
    const missing = await gql(sim, undefined, query);
    expect(missing.status).toBe(401);
    expect(missing.body).toEqual(expected);
    const garbage = await gql(sim, 'not-a-jwt', query);
    expect(garbage.status).toBe(401);
    expect(garbage.body).toEqual(expected);
    const token = await mint(sim);
    const [h, p] = token.split('.');
    const forged = await gql(sim, `${h}.${p}.AAAA`, query);
    expect(forged.status).toBe(401);
    const aliased = await gql(sim, undefined, '{ first: spaces { id } }');
    expect(aliased.body.errors[0].path).toEqual(['first']);
  });

  it('a token of another simulator instance (other key) is rejected', async () => {
    const other = await start();
    try {
      const foreign = await mint(other);
      const res = await gql(sim, foreign, '{ spaces { id } }');
      expect(res.status).toBe(401);
    } finally {
      await other.close();
    }
  });

  it('the member user gets a token for its own account', async () => {
    const token = await mint(sim, MEMBER_USER, SEED.memberAccountId);
    expect(decodeJwt(token).accountId).toBe(SEED.memberAccountId);
  });
});

describe('auth endpoint options', () => {
  it('jwtBodyFormat json returns {"token": ...} as application/json', async () => {
    const sim = await start({ jwtBodyFormat: 'json' });
    try {
      const res = await fetch(`${sim.authUrl}/${DEMO.accountId}`, {
        headers: { authorization: basicToken(DEMO.username, DEMO.apiToken) },
      });
      expect(res.headers.get('content-type')).toMatch(/^application\/json/);
      const body = (await res.json()) as { token: string };
      expect(Object.keys(body)).toEqual(['token']);
      const answer = await gql(sim, body.token, '{ spaces { id } }');
      expect(answer.status).toBe(200);
    } finally {
      await sim.close();
    }
  });

  it('a token expires after the configured lifetime (1 s)', async () => {
    const sim = await start({ jwtLifetimeSeconds: 1 });
    try {
      const token = await mint(sim);
      const exp = decodeJwt(token).exp as number;
      const ok = await gql(sim, token, '{ spaces { id } }');
      expect(ok.status).toBe(200);
      // Wait until just past exp (at most ~2 s because exp is rounded up to the next second).
      const wait = exp * 1000 - Date.now() + 50;
      expect(wait).toBeLessThanOrEqual(2100);
      await new Promise((r) => setTimeout(r, Math.max(0, wait)));
      const expired = await gql(sim, token, '{ spaces { id } }');
      expect(expired.status).toBe(401);
      expect(expired.body.errors[0].message).toBe('Downstream Execution Error: Unauthorized');
      expect(sim.stats().unauthorized).toBe(1);
    } finally {
      await sim.close();
    }
  });

  it('rejects invalid options at start with a message naming the option', async () => {
    await expect(start({ jwtLifetimeSeconds: 0 })).rejects.toThrow(/jwtLifetimeSeconds/);
    // biome-ignore lint/suspicious/noExplicitAny: deliberately invalid input
    await expect(start({ jwtBodyFormat: 'xml' as any })).rejects.toThrow(/jwtBodyFormat/);
    await expect(start({ faults: { rate500: 2 } })).rejects.toThrow(/rate500/);
  });
});
